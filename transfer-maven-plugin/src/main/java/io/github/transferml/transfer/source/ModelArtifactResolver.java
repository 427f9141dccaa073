package io.github.transferml.transfer.source;

import java.nio.file.Path;

/**
 * Resolves Maven coordinates to a file. The Maven plugin implements it with Maven's repository
 * system (reactor, local repository, remote repositories); the core never sees Maven.
 */
@FunctionalInterface
public interface ModelArtifactResolver {

    /**
     * Resolves an artifact.
     *
     * @param groupId the group
     * @param artifactId the artifact
     * @param version the version
     * @param type the type (file extension), e.g. {@code zip}
     * @param classifier the classifier, e.g. {@code model}, or empty
     * @return the resolved file
     * @throws BaseModelException if it cannot be resolved
     */
    Path resolve(String groupId, String artifactId, String version, String type, String classifier);
}
