package io.github.transferml.transfer.source;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Coordinates the build resolved before the engine started, for the worker process, which has no
 * Maven: each maps to its file.
 *
 * @param files coordinates, as {@link ModelCoordinates#toString()} writes them, to files
 */
public record ResolvedArtifacts(Map<String, Path> files) implements ModelArtifactResolver {

    /** @param files copied */
    public ResolvedArtifacts {
        files = new TreeMap<>(files);
    }

    /**
     * Resolves coordinates now, with the build's resolver, and remembers the file.
     *
     * @param text the coordinates as the POM gives them
     * @param element the POM element they come from, for messages
     * @param resolver the build's resolver
     * @return these artifacts and that one
     * @throws BaseModelException if they cannot be resolved
     */
    public ResolvedArtifacts with(String text, String element, ModelArtifactResolver resolver) {
        ModelCoordinates coordinates = ModelCoordinates.parse(text, element);
        Map<String, Path> more = new TreeMap<>(files);
        more.put(coordinates.toString(), coordinates.resolve(resolver));
        return new ResolvedArtifacts(more);
    }

    @Override
    public Path resolve(String groupId, String artifactId, String version, String type, String classifier) {
        String key = new ModelCoordinates(groupId, artifactId, version, type, classifier).toString();
        Path file = files.get(key);
        if (file == null) {
            throw new BaseModelException(key + " was not resolved by the build; resolved: " + files.keySet());
        }
        return file;
    }
}
