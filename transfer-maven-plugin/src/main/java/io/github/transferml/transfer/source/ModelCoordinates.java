package io.github.transferml.transfer.source;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Maven coordinates of a model archive, {@code groupId:artifactId:version[:type[:classifier]]}.
 * Without a type the archive this plugin attaches is meant: type {@code zip}, classifier {@code
 * model}; with a type but no classifier, none.
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
     * @param coordinates {@code groupId:artifactId:version[:type[:classifier]]}
     * @param element the POM element that holds them, as a path such as {@code baseModel.artifact},
     *     for the message
     * @return the coordinates
     * @throws BaseModelException if they are not of that form
     */
    public static ModelCoordinates parse(String coordinates, String element) {
        String[] parts = coordinates == null ? new String[0] : coordinates.trim().split(":");
        if (parts.length < 3 || parts.length > 5 || Arrays.stream(parts).anyMatch(String::isBlank)) {
            String[] path = element.split("\\.");
            throw new BaseModelException("<" + String.join("><", path) + ">" + coordinates + "</" + path[path.length - 1]
                    + "> is not of the form groupId:artifactId:version[:type[:classifier]], e.g."
                    + " com.acme:base:1.0:zip:model");
        }
        String type = parts.length > 3 ? parts[3] : "zip";
        String classifier = parts.length > 4 ? parts[4] : parts.length > 3 ? "" : "model";
        return new ModelCoordinates(parts[0], parts[1], parts[2], type, classifier);
    }

    /**
     * Resolves the coordinates to a file.
     *
     * @param resolver the resolver
     * @return the file
     */
    public Path resolve(ModelArtifactResolver resolver) {
        return resolver.resolve(groupId, artifactId, version, type, classifier);
    }
}
