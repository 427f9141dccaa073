package io.github.transferml.transfer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BaseModelSpecTest {

    private static final String SHA = "564cc245f093227e71882a574434fba03f1054804c67f0d02b0a7c5c5c38322e";

    @Test
    void constructor_should_normalise_the_sha256_to_lower_case() {
        BaseModelSpec spec = new BaseModelSpec(BaseModelSpec.Kind.PATH, "base.zip", " " + SHA.toUpperCase() + " ");

        assertEquals(SHA, spec.sha256());
    }

    @Test
    void constructor_should_reject_a_sha256_that_is_not_64_hex_digits() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new BaseModelSpec(BaseModelSpec.Kind.PATH, "base.zip", SHA.substring(1) + "g"));

        assertEquals("<baseModel.sha256> must be 64 hexadecimal digits, not '" + SHA.substring(1) + "g'",
                e.getMessage());
        assertEquals("baseModel.sha256", e.getParameter());
    }

    @Test
    void constructor_should_reject_a_sha256_for_an_architecture() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE, "resnet20", SHA));

        assertEquals("<baseModel.sha256> cannot pin an <architecture>: it has no file. Remove <sha256>.",
                e.getMessage());
    }

    @Test
    void constructor_should_require_a_location() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new BaseModelSpec(BaseModelSpec.Kind.URL, " ", null));

        assertEquals("<baseModel> needs exactly one of <artifact>, <path>, <url> or <architecture>", e.getMessage());
    }

    @Test
    void describe_should_name_the_kind_and_the_location() {
        assertEquals("artifact com.acme:base:1.0:zip:model",
                new BaseModelSpec(BaseModelSpec.Kind.ARTIFACT, "com.acme:base:1.0:zip:model", null).describe());
    }
}
