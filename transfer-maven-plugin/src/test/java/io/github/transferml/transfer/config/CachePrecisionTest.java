package io.github.transferml.transfer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CachePrecisionTest {

    @Test
    void parse_should_read_the_pom_names_ignoring_case_and_blanks() {
        assertEquals(CachePrecision.FLOAT32, CachePrecision.parse("float32"));
        assertEquals(CachePrecision.FLOAT16, CachePrecision.parse(" Float16 "));
        assertEquals(CachePrecision.FLOAT32, CachePrecision.parse(null), "the default");
        assertEquals(CachePrecision.FLOAT32, CachePrecision.parse(" "), "the default");
    }

    @Test
    void parse_should_name_the_parameter_and_the_valid_values() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> CachePrecision.parse("bfloat16"));

        assertEquals("cachePrecision", e.getParameter());
        assertEquals("<cachePrecision> 'bfloat16' is not known; use one of float32, float16", e.getMessage());
    }

    @Test
    void each_precision_should_say_its_size_and_name() {
        assertEquals(4, CachePrecision.FLOAT32.bytesPerValue());
        assertEquals(2, CachePrecision.FLOAT16.bytesPerValue());
        assertEquals("float16", CachePrecision.FLOAT16.pomName());
        assertEquals("float16 (half the size, rounded to 11 significant bits)", CachePrecision.FLOAT16.describe());
    }
}
