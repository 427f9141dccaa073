package io.github.transferml.transfer.train;

import java.util.List;

/** Training events written to a list, as tests read a build's log. */
final class RecordedLog {

    private RecordedLog() {}

    /**
     * @param log where every line goes, epochs as {@link EpochMetrics#describe()} writes them
     * @param warningPrefix what leads a warning's line, e.g. {@code "WARN "}
     * @return the events
     */
    static TrainingEvents into(List<String> log, String warningPrefix) {
        return new TrainingEvents() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void warn(String message) {
                log.add(warningPrefix + message);
            }

            @Override
            public void epoch(EpochMetrics epoch) {
                log.add(epoch.describe());
            }
        };
    }
}
