package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.train.TrainingEvents;
import org.apache.maven.plugin.logging.Log;

/** Forwards the core's progress to Maven's log. */
final class MavenTrainingEvents implements TrainingEvents {

    private final Log log;

    MavenTrainingEvents(Log log) {
        this.log = log;
    }

    @Override
    public void info(String message) {
        log.info(message);
    }

    @Override
    public void warn(String message) {
        log.warn(message);
    }
}
