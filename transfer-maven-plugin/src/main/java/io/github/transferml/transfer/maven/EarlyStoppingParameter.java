package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.config.EarlyStopping;

/** The POM's {@code <earlyStopping>}: {@code <metric>}, {@code <patience>}, {@code <minDelta>}. */
public class EarlyStoppingParameter {

    /** {@code validationLoss} (default) or {@code validationAccuracy}. */
    private String metric = "validationLoss";

    /** Epochs without improvement before the phase stops (default 3). */
    private int patience = 3;

    /** The smallest change that counts as an improvement (default 0). */
    private double minDelta;

    /** @return the core's rule */
    public EarlyStopping toEarlyStopping() {
        return new EarlyStopping(EarlyStopping.Metric.parse(metric), patience, minDelta);
    }
}
