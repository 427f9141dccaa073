package io.github.transferml.transfer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ModelCoordinatesTest {

    @Test
    void parse_should_default_to_the_attached_model_archive() {
        assertEquals(new ModelCoordinates("com.acme", "base", "1.0", "zip", "model"),
                ModelCoordinates.parse(" com.acme:base:1.0 ", "modelArtifact"));
        assertEquals(new ModelCoordinates("com.acme", "base", "1.0", "zip", ""),
                ModelCoordinates.parse("com.acme:base:1.0:zip", "modelArtifact"));
        assertEquals(new ModelCoordinates("com.acme", "base", "1.0", "tar.gz", "onnx"),
                ModelCoordinates.parse("com.acme:base:1.0:tar.gz:onnx", "modelArtifact"));
    }

    @Test
    void parse_should_name_the_element_when_the_coordinates_are_incomplete() {
        BaseModelException e = assertThrows(BaseModelException.class,
                () -> ModelCoordinates.parse("com.acme::1.0", "modelArtifact"));

        assertEquals("<modelArtifact>com.acme::1.0</modelArtifact> is not of the form"
                + " groupId:artifactId:version[:type[:classifier]], e.g. com.acme:base:1.0:zip:model", e.getMessage());
    }
}
