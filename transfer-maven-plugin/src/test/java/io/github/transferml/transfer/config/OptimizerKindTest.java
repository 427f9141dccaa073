package io.github.transferml.transfer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OptimizerKindTest {

    @Test
    void parse_should_ignore_case_and_surrounding_blanks() {
        assertEquals(OptimizerKind.SGD, OptimizerKind.parse(" Sgd "));
        assertEquals(OptimizerKind.ADAM, OptimizerKind.parse("adam"));
    }

    @Test
    void parse_should_list_the_known_optimizers_when_the_name_is_unknown() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> OptimizerKind.parse("adagrad"));

        assertEquals("<optimizer> 'adagrad' is not known; use one of adam, adamw, sgd, rmsprop", e.getMessage());
    }
}
