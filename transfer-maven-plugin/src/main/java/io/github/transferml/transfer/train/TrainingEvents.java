package io.github.transferml.transfer.train;

/**
 * What a training run reports while it works. The Maven plugin forwards these to Maven's log; tests
 * collect them.
 */
public interface TrainingEvents {

    /** @param message a progress message */
    void info(String message);

    /** @param message something the user should know, e.g. a setting that hurts reproducibility */
    void warn(String message);

    /** @param epoch the figures of one finished epoch */
    default void epoch(EpochMetrics epoch) {
        info(epoch.describe());
    }

    /** Events that go nowhere. */
    TrainingEvents NONE =
            new TrainingEvents() {
                @Override
                public void info(String message) {}

                @Override
                public void warn(String message) {}
            };
}
