package io.github.transferml.transfer.config;

import io.github.transferml.transfer.source.ModelCoordinates;
import io.github.transferml.transfer.util.ModelUrls;
import java.util.Locale;

/**
 * Where the pretrained network comes from.
 *
 * @param kind the kind of source
 * @param location Maven coordinates, a path, a URL or an architecture name, depending on the kind
 * @param sha256 the expected SHA-256 of the model file, or {@code null} to accept any
 * @param importTorchScript whether a TorchScript ResNet is imported into DJL blocks (to be cut
 *     anywhere) rather than used whole
 */
public record BaseModelSpec(Kind kind, String location, String sha256, boolean importTorchScript) {

    /** The kinds of source a base network can come from. */
    public enum Kind {
        /** Maven coordinates {@code groupId:artifactId:version[:type[:classifier]]}. */
        ARTIFACT,
        /** A model directory or archive on disk. */
        PATH,
        /** A DJL model URL ({@code djl://}, {@code file:}, ...). */
        URL,
        /** An untrained architecture from DJL's model zoo, e.g. {@code resnet20}. */
        ARCHITECTURE
    }

    /**
     * A specification that imports TorchScript ResNets.
     *
     * @param kind the kind of source
     * @param location where
     * @param sha256 the expected SHA-256, or {@code null}
     */
    public BaseModelSpec(Kind kind, String location, String sha256) {
        this(kind, location, sha256, true);
    }

    /**
     * Returns this specification with TorchScript import switched on or off.
     *
     * @param enabled whether to import
     * @return the specification
     */
    public BaseModelSpec withImportTorchScript(boolean enabled) {
        return new BaseModelSpec(kind, location, sha256, enabled);
    }

    /** Validates the specification. */
    public BaseModelSpec {
        if (kind == null || location == null || location.isBlank()) {
            throw new ConfigurationException(
                    "baseModel",
                    "needs exactly one of <artifact>, <path>, <url> or <architecture>");
        }
        if (sha256 != null) {
            sha256 = sha256.trim().toLowerCase(Locale.ROOT);
            if (!sha256.matches("[0-9a-f]{64}")) {
                throw new ConfigurationException(
                        "baseModel.sha256", "must be 64 hexadecimal digits, not '" + sha256 + "'");
            }
            if (kind == Kind.ARCHITECTURE) {
                throw new ConfigurationException(
                        "baseModel.sha256",
                        "cannot pin an <architecture>: it has no file. Remove <sha256>.");
            }
        }
    }

    /**
     * Reads the one-string form used on the command line ({@code -Dtransfer.baseModel=…}): an
     * architecture such as {@code resnet20}, a URL ({@code djl://}, {@code file:}, {@code https://}),
     * Maven coordinates ({@code g:a:v[:type[:classifier]]}), or else a path.
     *
     * @param text the value
     * @return the specification
     */
    public static BaseModelSpec fromShorthand(String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigurationException("baseModel", "is required, e.g. -Dtransfer.baseModel=resnet20");
        }
        String value = text.trim();
        Kind kind;
        if (value.toLowerCase(Locale.ROOT).matches("resnet-?\\d+|mobilenet-?_?v2")) {
            kind = Kind.ARCHITECTURE;
        } else if (value.matches("[a-zA-Z][a-zA-Z0-9+.-]+://.*") || value.startsWith("file:")) {
            kind = Kind.URL;
        } else if (ModelCoordinates.looksLike(value)) {
            kind = Kind.ARTIFACT;
        } else {
            kind = Kind.PATH;
        }
        return new BaseModelSpec(kind, value, null);
    }

    /**
     * Returns a short description for logs, e.g. {@code artifact com.acme:base:1.0:zip:model}.
     *
     * @return the description
     */
    public String describe() {
        // A local path stays whole (it helps the user who reads the log); a URL may hold secrets.
        return kind.name().toLowerCase(Locale.ROOT) + " " + (kind == Kind.URL ? ModelUrls.redact(location) : location);
    }

    /**
     * Where the base comes from, as logs, messages and the archive's {@code transfer.json} may show
     * it: a URL without user info, query or the middle of its path (they may hold secrets), a path
     * by its file name only (it may hold a user's home), coordinates and architectures as they are.
     *
     * @return the location, safe to publish
     */
    public String publishedLocation() {
        switch (kind) {
            case URL:
                return ModelUrls.redact(location);
            case PATH:
                java.nio.file.Path name = java.nio.file.Path.of(location).getFileName();
                return name == null ? location : name.toString();
            default:
                return location;
        }
    }
}
