package io.github.transferml.transfer.config;

import java.util.Locale;

/**
 * Stops a training phase when a validation metric has not improved for {@code patience} epochs, and
 * restores the parameters of its best epoch.
 *
 * @param metric the metric watched
 * @param patience epochs without improvement before stopping (at least 1)
 * @param minDelta the smallest change that counts as an improvement (at least 0)
 */
public record EarlyStopping(Metric metric, int patience, double minDelta) {

    /** The metrics that can be watched. */
    public enum Metric {
        /** Validation loss (plain cross-entropy): lower is better. */
        VALIDATION_LOSS("validationLoss", false),
        /** Validation accuracy: higher is better. */
        VALIDATION_ACCURACY("validationAccuracy", true);

        private final String pomName;
        private final boolean higherIsBetter;

        Metric(String pomName, boolean higherIsBetter) {
            this.pomName = pomName;
            this.higherIsBetter = higherIsBetter;
        }

        /** @return the name as written in the POM and in reports */
        public String pomName() {
            return pomName;
        }

        /** @return whether a larger value is better */
        public boolean higherIsBetter() {
            return higherIsBetter;
        }

        /**
         * @param value a figure of this metric
         * @param than another
         * @return whether {@code value} is strictly better
         */
        public boolean better(double value, double than) {
            return higherIsBetter ? value > than : value < than;
        }

        /**
         * Parses a POM name.
         *
         * @param name {@code validationLoss} or {@code validationAccuracy}
         * @return the metric
         */
        public static Metric parse(String name) {
            for (Metric m : values()) {
                if (m.pomName.equalsIgnoreCase(name.trim())) {
                    return m;
                }
            }
            throw new ConfigurationException("earlyStopping.metric",
                    "'" + name + "' is not known; use validationLoss or validationAccuracy");
        }
    }

    /** Validates. */
    public EarlyStopping {
        if (metric == null) {
            throw new ConfigurationException("earlyStopping.metric", "is required");
        }
        if (patience < 1) {
            throw new ConfigurationException("earlyStopping.patience", "must be at least 1, not " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new ConfigurationException("earlyStopping.minDelta", "must be 0 or more, not " + minDelta);
        }
    }

    /**
     * Whether a value improves on the best so far.
     *
     * @param value this epoch's value
     * @param best the best value so far, or NaN before the first epoch
     * @return whether it is better by more than {@code minDelta}
     */
    public boolean improves(double value, double best) {
        if (Double.isNaN(best)) {
            return !Double.isNaN(value);
        }
        return metric.higherIsBetter() ? value > best + minDelta : value < best - minDelta;
    }

    /** @return e.g. {@code validationLoss, patience 3} */
    public String describe() {
        return String.format(Locale.ROOT, "%s, patience %d%s", metric.pomName(), patience,
                minDelta > 0 ? ", min delta " + minDelta : "");
    }
}
