package io.github.transferml.transfer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BaseModelSpecShorthandTest {

    @ParameterizedTest
    @CsvSource({
        "resnet20, ARCHITECTURE",
        "ResNet-50, ARCHITECTURE",
        "djl://ai.djl.zoo/resnet, URL",
        "file:/models/base.zip, URL",
        "https://example.com/base.zip, URL",
        "com.acme:base:1.0, ARTIFACT",
        "com.acme:base:1.0:zip:model, ARTIFACT",
        "target/base-model.zip, PATH",
        "/opt/models/base, PATH",
        "C:\\models\\base.zip, PATH"
    })
    void fromShorthand_should_tell_the_kind_from_the_form(String text, BaseModelSpec.Kind kind) {
        BaseModelSpec spec = BaseModelSpec.fromShorthand(text);

        assertEquals(kind, spec.kind());
        assertEquals(text, spec.location());
    }

    @Test
    void fromShorthand_should_name_the_property_when_empty() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> BaseModelSpec.fromShorthand(" "));

        assertEquals("<baseModel> is required, e.g. -Dtransfer.baseModel=resnet20", e.getMessage());
    }
}
