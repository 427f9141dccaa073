package io.github.transferml.transfer.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.transferml.transfer.config.ConfigurationException;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainMojoTest {

    @Test
    void parseTimestamp_should_read_iso_8601_and_epoch_seconds_as_maven_does() {
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), TrainMojo.parseTimestamp("2026-01-01T00:00:00Z", "outputTimestamp"));
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), TrainMojo.parseTimestamp("2026-01-01T01:00:00+01:00", "outputTimestamp"));
        assertEquals(Instant.ofEpochSecond(1767225600L), TrainMojo.parseTimestamp("1767225600", "outputTimestamp"));
        assertNull(TrainMojo.parseTimestamp(null, "outputTimestamp"));
        assertNull(TrainMojo.parseTimestamp("a", "outputTimestamp"));
    }

    @Test
    void parseTimestamp_should_name_the_property_when_the_value_is_invalid() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> TrainMojo.parseTimestamp("yesterday", "project.build.outputTimestamp"));
        assertEquals("<project.build.outputTimestamp> 'yesterday' is neither ISO 8601 (2026-01-01T00:00:00Z)"
                + " nor seconds since the epoch", e.getMessage());
    }

    @Test
    void parseTimestamp_should_name_the_plugin_parameter_when_it_gave_the_value() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> TrainMojo.parseTimestamp("2026-13-01", "outputTimestamp"));
        assertEquals("<outputTimestamp> '2026-13-01' is neither ISO 8601 (2026-01-01T00:00:00Z)"
                + " nor seconds since the epoch", e.getMessage());
    }

    @Test
    void rejection_should_say_the_previous_archive_is_kept(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("digits-model.zip");
        Path rejected = dir.resolve("transfer/rejected-model.zip");
        assertEquals("The model was not attached: it is kept as " + rejected + " for inspection; no digits-model.zip"
                + " was written.", TrainMojo.rejection(rejected, archive));
        Files.writeString(archive, "zip");
        assertEquals("The model was not attached: it is kept as " + rejected + " for inspection; " + archive
                + " (the last model built) is left as it was.", TrainMojo.rejection(rejected, archive));
    }
}
