package io.github.transferml.transfer.source;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Maven coordinates of a model archive, {@code groupId:artifactId:version[:type[:classifier]]}.
 * Without a type they name what {@code transfer:train} attaches (type {@code zip}, classifier
 * {@code model}); with a type and no classifier, the artifact without classifier.
 *
 * @param groupId the group
 * @param artifactId the artifact
 * @param version the version
 * @param type the type (file extension)
 * @param classifier the classifier, or empty
 */
public record ModelCoordinates(String groupId, String artifactId, String version, String type, String classifier) {

    /**
     * Parses coordinates.
     *
     * @param text {@code groupId:artifactId:version[:type[:classifier]]}
     * @param element the POM element that holds them, for messages, e.g. {@code
     *     <baseModel><artifact>}: the message shows them as that element would
     * @return the coordinates
     * @throws BaseModelException if they are not of that form
     */
    public static ModelCoordinates parse(String text, String element) {
        String[] parts = text.trim().split(":");
        if (parts.length < 3 || parts.length > 5 || Arrays.stream(parts).anyMatch(String::isBlank)) {
            String close = "</" + element.substring(element.lastIndexOf('<') + 1);
            throw new BaseModelException(
                    element + text + close + " is not of the form groupId:artifactId:version[:type[:classifier]],"
                            + " e.g. com.acme:base:1.0:zip:model");
        }
        String type = parts.length > 3 ? parts[3] : "zip";
        String classifier = parts.length > 4 ? parts[4] : parts.length > 3 ? "" : "model";
        return new ModelCoordinates(parts[0], parts[1], parts[2], type, classifier);
    }

    /**
     * Whether a text has the form of coordinates rather than of a path or URL.
     *
     * @param text a value from the command line or the POM
     * @return whether it is {@code groupId:artifactId:version[:type[:classifier]]} in form
     */
    public static boolean looksLike(String text) {
        return text.matches("[^:/\\\\]+(:[^:/\\\\]+){2,4}");
    }

    /**
     * Resolves the coordinates to a file.
     *
     * @param resolver the resolver, or null where none is available
     * @return the file
     * @throws BaseModelException if they cannot be resolved
     */
    public Path resolve(ModelArtifactResolver resolver) {
        if (resolver == null) {
            throw new BaseModelException("Maven coordinates cannot be resolved here: " + this);
        }
        return resolver.resolve(groupId, artifactId, version, type, classifier);
    }

    /** @return {@code groupId:artifactId:version:type[:classifier]}, as the POM and the README write them */
    @Override
    public String toString() {
        return groupId + ":" + artifactId + ":" + version + ":" + type + (classifier.isEmpty() ? "" : ":" + classifier);
    }
}
