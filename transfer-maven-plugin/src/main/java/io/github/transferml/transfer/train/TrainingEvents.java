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

    /**
     * @param prefix the word before each line, e.g. {@code Baseline}
     * @return these events, each line led by the word ("Baseline: …", "Baseline Epoch 1/5: …")
     */
    default TrainingEvents prefixed(String prefix) {
        TrainingEvents events = this;
        return new TrainingEvents() {
            @Override
            public void info(String message) {
                events.info(prefix + ": " + message);
            }

            @Override
            public void warn(String message) {
                events.warn(prefix + ": " + message);
            }

            @Override
            public void epoch(EpochMetrics epoch) {
                events.info(prefix + " " + epoch.describe());
            }
        };
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
