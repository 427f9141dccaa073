package io.github.transferml.transfer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ModelCoordinatesTest {

    @Test
    void parse_should_default_to_the_archive_that_train_attaches() {
        assertEquals(new ModelCoordinates("com.acme", "digits", "1.0", "zip", "model"),
                ModelCoordinates.parse(" com.acme:digits:1.0 ", "<modelArtifact>"));
        assertEquals(new ModelCoordinates("com.acme", "digits", "1.0", "tar.gz", ""),
                ModelCoordinates.parse("com.acme:digits:1.0:tar.gz", "<modelArtifact>"));
        assertEquals(new ModelCoordinates("com.acme", "digits", "1.0", "zip", "best"),
                ModelCoordinates.parse("com.acme:digits:1.0:zip:best", "<modelArtifact>"));
    }

    @Test
    void parse_should_show_invalid_coordinates_in_the_element_that_held_them() {
        BaseModelException e = assertThrows(BaseModelException.class,
                () -> ModelCoordinates.parse("com.acme::1.0", "<modelArtifact>"));

        assertEquals("<modelArtifact>com.acme::1.0</modelArtifact> is not of the form"
                + " groupId:artifactId:version[:type[:classifier]], e.g. com.acme:base:1.0:zip:model", e.getMessage());
    }

    @Test
    void resolve_should_ask_for_type_and_classifier() {
        String[] asked = new String[1];
        ModelCoordinates.parse("com.acme:digits:1.0", "<modelArtifact>").resolve((g, a, v, type, classifier) -> {
            asked[0] = String.join(":", g, a, v, type, classifier);
            return null;
        });

        assertEquals("com.acme:digits:1.0:zip:model", asked[0]);
        assertEquals("com.acme:digits:1.0:zip:model",
                ModelCoordinates.parse("com.acme:digits:1.0", "<modelArtifact>").toString());
    }
}
