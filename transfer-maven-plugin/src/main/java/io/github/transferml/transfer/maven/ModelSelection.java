package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.source.ModelCoordinates;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;

/**
 * What the goals that run without a POM share: which archive {@code model} or {@code modelArtifact}
 * names ({@code evaluate}, {@code predict}), and where outputs go without a POM (those and {@code
 * inspect}).
 */
final class ModelSelection {

    private ModelSelection() {}

    /**
     * The archive named by {@code model} or {@code modelArtifact}, else this project's own.
     *
     * @param model the {@code model} parameter, or null
     * @param modelArtifact the {@code modelArtifact} parameter, or null
     * @param project the project (a stub without a POM)
     * @param session the session
     * @param repositorySystem resolves coordinates
     * @return the archive
     * @throws ConfigurationException if both or neither are given without a POM, or the project's own
     *     archive does not exist yet
     */
    static Path modelFile(File model, String modelArtifact, MavenProject project, MavenSession session,
            RepositorySystem repositorySystem) {
        boolean artifact = modelArtifact != null && !modelArtifact.isBlank();
        if (model != null && artifact) {
            throw new ConfigurationException("model", "and <modelArtifact> are both given; give one of them");
        }
        if (artifact) {
            return ModelCoordinates.parse(modelArtifact, "<modelArtifact>").resolve(new MavenArtifactResolver(
                    repositorySystem, session.getRepositorySession(), project.getRemoteProjectRepositories(),
                    "<modelArtifact>"));
        }
        if (model != null) {
            return model.toPath();
        }
        if (!hasProject(project)) {
            throw new ConfigurationException("model", "is required without a POM: give -Dtransfer.model=path/to/model.zip"
                    + " or -Dtransfer.modelArtifact=groupId:artifactId:version");
        }
        Path own = Path.of(project.getBuild().getDirectory(), project.getBuild().getFinalName() + "-model.zip");
        if (!Files.exists(own)) {
            throw new ConfigurationException("model", "is not given, and this project's model archive " + own
                    + " does not exist. Run transfer:train first (mvn package), or give -Dtransfer.model=path/to/model.zip"
                    + " or -Dtransfer.modelArtifact=groupId:artifactId:version");
        }
        return own;
    }

    /**
     * Without a POM Maven runs a stub project whose {@code ${project.build.directory}} stays
     * unresolved.
     *
     * @param project the project
     * @return whether a real project is being built
     */
    static boolean hasProject(MavenProject project) {
        return project.getFile() != null && !project.getBuild().getDirectory().contains("${");
    }

    /**
     * A configured output path, or, when it still holds an unresolved {@code ${…}} (no POM), the same
     * place under {@code target/} of the directory Maven runs in.
     *
     * @param configured the parameter's value
     * @param session the session
     * @param fallback the path under the execution root, e.g. {@code target/transfer}
     * @return the path to use
     */
    static Path outputPath(File configured, MavenSession session, String fallback) {
        return configured.getPath().contains("${") ? Path.of(session.getExecutionRootDirectory()).resolve(fallback)
                : configured.toPath();
    }
}
