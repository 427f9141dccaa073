package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.source.BaseModelException;
import io.github.transferml.transfer.source.ModelCoordinates;
import io.github.transferml.transfer.source.ModelArtifactResolver;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;

/**
 * Resolves a model's coordinates as Maven resolves any dependency: from the reactor, the local
 * repository, then the project's remote repositories.
 */
final class MavenArtifactResolver implements ModelArtifactResolver {

    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;
    private final String element;

    /** A resolver for {@code <baseModel><artifact>}. */
    MavenArtifactResolver(RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories) {
        this(system, session, repositories, "<baseModel><artifact>");
    }

    /**
     * @param system Maven's repository system
     * @param session the build's repository session
     * @param repositories the project's remote repositories
     * @param element the POM element that held the coordinates, for messages
     */
    MavenArtifactResolver(RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories,
            String element) {
        this.system = system;
        this.session = session;
        this.repositories = repositories;
        this.element = element;
    }

    @Override
    public Path resolve(String groupId, String artifactId, String version, String type, String classifier) {
        DefaultArtifact artifact = new DefaultArtifact(groupId, artifactId, classifier, type, version);
        // Shown as the POM writes them (g:a:v:type:classifier), not in Maven's g:a:type:classifier:v.
        String coordinates = new ModelCoordinates(groupId, artifactId, version, type, classifier).toString();
        try {
            ArtifactResult result = system.resolveArtifact(session, new ArtifactRequest(artifact, repositories, null));
            return result.getArtifact().getFile().toPath();
        } catch (ArtifactResolutionException e) {
            String cause = e.getMessage().replace(artifact.toString(), coordinates).replaceAll("\\.+$", "");
            // Not chained: Maven appends the message of every cause it does not find in the failure, and
            // the resolver's messages spell the coordinates g:a:type:classifier:v. Their text is in here.
            throw new BaseModelException(
                    "Cannot resolve " + element + " " + coordinates + ": " + cause
                            + ". Build or install that module first, or check the coordinates and repositories"
                            + " (in a reactor, declare it as a dependency with <type>" + type + "</type>"
                            + (classifier.isEmpty() ? "" : " and <classifier>" + classifier + "</classifier>")
                            + " so it is built first).");
        }
    }
}
