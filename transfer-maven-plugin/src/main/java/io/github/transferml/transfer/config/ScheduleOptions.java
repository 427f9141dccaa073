package io.github.transferml.transfer.config;

import java.util.Objects;

/**
 * How the learning rate changes within a phase: the POM's {@code <schedule>} and {@code <warmupEpochs>}.
 *
 * @param kind the schedule
 * @param warmupEpochs epochs of linear warm-up at the start of each phase (one-cycle: default 30% of the steps)
 */
public record ScheduleOptions(ScheduleKind kind, int warmupEpochs) {

    /** Validates what does not depend on other options. */
    public ScheduleOptions {
        Objects.requireNonNull(kind, "schedule");
    }

    /**
     * Checks the schedule against one phase's length.
     *
     * @param parameter the POM parameter that sets the phase's epochs, e.g. {@code fineTuning.epochs}
     * @param epochs the phase's epochs, or null when it trains until the validation loss stops improving
     * @throws ConfigurationException naming {@code warmupEpochs} or {@code schedule}
     */
    public void checkWithin(String parameter, Integer epochs) {
        if (epochs == null) {
            // Cosine and one-cycle decay towards the phase's last step, which is unknown until it stops.
            if (kind != ScheduleKind.CONSTANT) {
                throw new ConfigurationException("schedule", kind.pomName() + " decays over a fixed number of"
                        + " epochs, but <" + parameter + "> is not set (the phase trains until the validation"
                        + " loss stops improving). Set <" + parameter + ">, or use the constant schedule.");
            }
            epochs = PhaseLength.IMAGES_CAP;
        }
        if (warmupEpochs < 0) {
            throw new ConfigurationException("warmupEpochs", "must be 0 or more, not " + warmupEpochs);
        }
        if (warmupEpochs > 0 && warmupEpochs >= epochs) {
            // Warm-up restarts in every phase: a phase no longer than its warm-up never reaches the full rate.
            throw new ConfigurationException("warmupEpochs", "is " + warmupEpochs + ", but warm-up restarts in every"
                    + " phase and <" + parameter + "> is " + epochs + "; make warmupEpochs less than " + epochs
                    + " or " + parameter + " more than " + warmupEpochs);
        }
    }

    /** @return e.g. {@code cosine, 2 warm-up epochs} */
    public String describe() {
        return kind.pomName() + (warmupEpochs > 0 ? ", " + warmupEpochs + " warm-up epochs" : "");
    }
}
