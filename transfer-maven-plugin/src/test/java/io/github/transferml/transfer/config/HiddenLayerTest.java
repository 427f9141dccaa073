package io.github.transferml.transfer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HiddenLayerTest {

    @Test
    void constructor_should_reject_zero_units() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new HiddenLayer(0, 0.5f));

        assertEquals("<head.layers.layer.units> must be at least 1, not 0", e.getMessage());
    }

    @Test
    void constructor_should_reject_a_dropout_of_one() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new HiddenLayer(8, 1f));

        assertEquals("<head.layers.layer.dropout> must be in [0, 1), not 1.0", e.getMessage());
    }
}
