package io.github.transferml.transfer.config;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a run writes and how its archive is stamped.
 *
 * @param archiveFile the model archive to write
 * @param reportDirectory where metrics and predictions are written
 * @param workDirectory a directory for temporary files (cache spill, archive staging)
 * @param outputTimestamp the timestamp of every archive entry
 * @param modelName the model's name (used in file names inside the archive)
 */
public record OutputOptions(Path archiveFile, Path reportDirectory, Path workDirectory, Instant outputTimestamp,
        String modelName) {

    /** Validates. */
    public OutputOptions {
        Objects.requireNonNull(archiveFile, "archiveFile");
        Objects.requireNonNull(reportDirectory, "reportDirectory");
        Objects.requireNonNull(workDirectory, "workDirectory");
        Objects.requireNonNull(outputTimestamp, "outputTimestamp");
        Objects.requireNonNull(modelName, "modelName");
    }

    /** @return e.g. {@code archive target/m.zip, reports in target/transfer, entries stamped 1980-02-01T00:00:00Z} */
    public String describe() {
        return "archive " + archiveFile + " (model " + modelName + "), reports in " + reportDirectory
                + ", work files in " + workDirectory + ", entries stamped " + outputTimestamp;
    }
}
