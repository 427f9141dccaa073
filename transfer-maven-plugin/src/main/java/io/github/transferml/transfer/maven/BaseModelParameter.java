package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.ConfigurationException;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * The POM's {@code <baseModel>}: exactly one of {@code <artifact>}, {@code <path>}, {@code <url>}
 * and {@code <architecture>}, plus an optional {@code <sha256>} pin.
 */
public class BaseModelParameter {

    /** Maven coordinates {@code groupId:artifactId:version[:type[:classifier]]}; type defaults to {@code zip}, classifier to {@code model}. */
    private String artifact;

    /** A model directory or model archive on disk. */
    private File path;

    /** A DJL model URL, e.g. {@code djl://ai.djl.zoo/resnet} or {@code file:/models/base.zip}. */
    private String url;

    /** An untrained DJL model-zoo ResNet to train from scratch, e.g. {@code resnet20}. */
    private String architecture;

    /** The expected SHA-256 of the model file; the build fails when it differs. */
    private String sha256;

    /**
     * Whether a TorchScript ResNet (torchvision's layout) is imported into DJL blocks, so that it can
     * be cut anywhere; the import is checked by comparing outputs. {@code false}, or a module of
     * another layout, uses the module whole, as one frozen feature extractor.
     */
    private boolean importTorchScript = true;

    /**
     * Converts to the core's specification.
     *
     * @return the specification
     */
    public BaseModelSpec toSpec() {
        List<String> given = new ArrayList<>();
        BaseModelSpec.Kind kind = null;
        String location = null;
        if (artifact != null && !artifact.isBlank()) {
            given.add("<artifact>");
            kind = BaseModelSpec.Kind.ARTIFACT;
            location = artifact.trim();
        }
        if (path != null) {
            given.add("<path>");
            kind = BaseModelSpec.Kind.PATH;
            location = path.getAbsolutePath();
        }
        if (url != null && !url.isBlank()) {
            given.add("<url>");
            kind = BaseModelSpec.Kind.URL;
            location = url.trim();
        }
        if (architecture != null && !architecture.isBlank()) {
            given.add("<architecture>");
            kind = BaseModelSpec.Kind.ARCHITECTURE;
            location = architecture.trim();
        }
        if (given.size() > 1) {
            throw new ConfigurationException("baseModel", "has " + String.join(" and ", given) + "; keep exactly one.");
        }
        return new BaseModelSpec(kind, location, sha256, importTorchScript);
    }
}
