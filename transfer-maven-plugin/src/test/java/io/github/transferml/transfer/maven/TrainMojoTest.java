package io.github.transferml.transfer.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.transferml.transfer.config.ConfigurationException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrainMojoTest {

    @Test
    void parseTimestamp_should_read_iso_8601_and_epoch_seconds_as_maven_does() {
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), TrainMojo.parseTimestamp("2026-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), TrainMojo.parseTimestamp("2026-01-01T01:00:00+01:00"));
        assertEquals(Instant.ofEpochSecond(1767225600L), TrainMojo.parseTimestamp("1767225600"));
        assertNull(TrainMojo.parseTimestamp(null));
        assertNull(TrainMojo.parseTimestamp("a"));
    }

    @Test
    void parseTimestamp_should_name_the_property_when_the_value_is_invalid() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> TrainMojo.parseTimestamp("yesterday"));
        assertEquals("<project.build.outputTimestamp> 'yesterday' is neither ISO 8601 (2026-01-01T00:00:00Z)"
                + " nor seconds since the epoch", e.getMessage());
    }
}
