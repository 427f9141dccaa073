package io.github.transferml.transfer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ExtractionLimitsTest {

    @Test
    void default_should_be_2_gib_and_10000_entries() {
        assertEquals(new ExtractionLimits(2L << 30, 10_000), ExtractionLimits.DEFAULT);
        assertEquals("2048 MB", ExtractionLimits.DEFAULT.describe());
    }

    @Test
    void ofMegabytes_should_keep_the_default_entry_cap() {
        assertEquals(new ExtractionLimits(100L << 20, 10_000), ExtractionLimits.ofMegabytes(100));
    }

    @Test
    void ofMegabytes_should_refuse_a_size_that_is_not_positive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExtractionLimits.ofMegabytes(0));

        assertEquals("<maxModelMb> (-Dtransfer.maxModelMb) must be a positive number of megabytes, not 0. The default"
                + " is 2048.", e.getMessage());
    }

    @Test
    void howToRaise_should_name_the_parameter_and_a_value_that_lets_the_model_through() {
        assertEquals("If you trust this model, raise the cap to at least 4097 MB: <maxModelMb>4097</maxModelMb> in the"
                + " plugin's configuration, or -Dtransfer.maxModelMb=4097.",
                ExtractionLimits.DEFAULT.howToRaise((4L << 30) + 1));
    }

    @Test
    void size_should_round_up_so_that_a_size_over_a_cap_never_prints_as_the_cap() {
        assertEquals("1 MB", ExtractionLimits.size(1 << 20));
        assertEquals("2 MB", ExtractionLimits.size((1 << 20) + 1));
        assertEquals("1000 bytes", ExtractionLimits.size(1000));
    }
}
