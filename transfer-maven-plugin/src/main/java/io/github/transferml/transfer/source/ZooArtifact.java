package io.github.transferml.transfer.source;

import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.zoo.BaseModelLoader;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.util.Utils;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A model of DJL's model zoo, named by {@code djl://groupId/artifactId[?filter=value&…]} and
 * downloaded by DJL's own repository code. The URL becomes a zoo query, which honours {@code
 * DJL_REPO_URL} (a company mirror), whereas DJL resolves the URL itself against its public
 * repository only. Only the download is DJL's: the files are then loaded by {@link ModelDirectory},
 * with the artifact's arguments from the zoo's metadata, so no class named by the zoo is loaded
 * from the downloaded files.
 *
 * @param directory the downloaded model directory
 * @param arguments the artifact's arguments ({@code blockFactory}, {@code numLayers}, {@code width}, …)
 */
public record ZooArtifact(Path directory, Map<String, String> arguments) {

    /**
     * A parsed {@code djl://} URL.
     *
     * @param groupId the zoo's group
     * @param artifactId the model
     * @param filters the artifact filters, in URL order
     */
    public record Query(String groupId, String artifactId, Map<String, String> filters) {}

    /**
     * Parses a {@code djl://} URL.
     *
     * @param url the URL
     * @return the query
     * @throws BaseModelException if it is not of the form {@code djl://groupId/artifactId[?filter=value&…]}
     */
    public static Query parse(String url) {
        URI uri = URI.create(url);
        String artifact = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        if (!"djl".equals(uri.getScheme()) || uri.getHost() == null || artifact.isEmpty() || artifact.contains("/")) {
            throw new BaseModelException("<baseModel><url>" + url + "</url> is not of the form"
                    + " djl://groupId/artifactId[?filter=value&...], e.g. djl://ai.djl.zoo/resnet?layers=50");
        }
        Map<String, String> filters = new LinkedHashMap<>();
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    filters.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return new Query(uri.getHost(), artifact, filters);
    }

    /**
     * Finds the model in its zoo and downloads it into DJL's cache (or finds it there).
     *
     * @param url {@code djl://groupId/artifactId[?filter=value&…]}
     * @return the downloaded artifact
     * @throws BaseModelException if the zoo, the model or a matching artifact does not exist, or the
     *     download fails
     */
    public static ZooArtifact download(String url) {
        Query query = parse(url);
        ModelZoo zoo = ModelZoo.getModelZoo(query.groupId());
        if (zoo == null) {
            throw new BaseModelException("<baseModel><url>" + url + "</url>: DJL knows no model zoo with group "
                    + query.groupId() + ". Known groups: " + zooGroups() + ".");
        }
        ModelLoader loader = zoo.getModelLoader(query.artifactId());
        if (!(loader instanceof BaseModelLoader)) {
            throw new BaseModelException("<baseModel><url>" + url + "</url>: the model zoo " + query.groupId()
                    + " has no model " + query.artifactId() + ". It has: "
                    + new TreeSet<>(zoo.getModelLoaders().stream().map(ModelLoader::getArtifactId).toList())
                    + ".");
        }
        MRL mrl = ((BaseModelLoader) loader).getMrl();
        try {
            Artifact artifact = mrl.match(query.filters());
            if (artifact == null) {
                throw new BaseModelException("<baseModel><url>" + url + "</url>: no version of " + query.artifactId()
                        + " matches " + query.filters() + ". Check the filters against the zoo's metadata.");
            }
            mrl.prepare(artifact);
            Path directory = mrl.getRepository().getResourceDirectory(artifact);
            if (Files.isRegularFile(directory)) {
                directory = directory.getParent();
            }
            Map<String, String> arguments = new TreeMap<>();
            artifact.getArguments().forEach((key, value) -> arguments.put(key, String.valueOf(value)));
            arguments.putIfAbsent("option.modelName", artifact.getName());
            return new ZooArtifact(Utils.getNestedModelDir(directory), arguments);
        } catch (IOException | RuntimeException e) {
            if (e instanceof BaseModelException b) {
                throw b;
            }
            throw new BaseModelException("Cannot download the base model " + url + " from DJL's model zoo ("
                    + ModelZoo.DJL_REPO_URL + "): " + e.getMessage()
                    + ". Check the URL, DJL_REPO_URL, or that the model is cached when Maven runs offline.", e);
        }
    }

    private static Set<String> zooGroups() {
        Set<String> groups = new TreeSet<>();
        ModelZoo.listModelZoo().forEach(z -> groups.add(z.getGroupId()));
        return groups;
    }
}
