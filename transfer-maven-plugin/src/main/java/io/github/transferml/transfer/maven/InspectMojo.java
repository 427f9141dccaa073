package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.HiddenLayer;
import io.github.transferml.transfer.source.ExtractionLimits;
import io.github.transferml.transfer.source.ResolvedArtifacts;
import io.github.transferml.transfer.worker.InspectJob;
import io.github.transferml.transfer.worker.WorkerException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

/**
 * Shows where a base network can be cut: its block tree with index, name, alias, type, output
 * shape, parameter count and whether each block is a cut point; then, for the configured cut point
 * and head, the frozen and trainable parameter counts and the feature size the head receives. Also
 * writes it as {@code inspect.json}. Works without a POM:
 * {@code mvn io.github.transferml:transfer-maven-plugin:inspect -Dtransfer.baseModel=resnet20 -Dtransfer.imageSize=28}.
 *
 * @since 0.1.0
 */
@Mojo(name = "inspect", requiresProject = false, threadSafe = true)
public class InspectMojo extends AbstractEngineMojo {

    /**
     * The base network, as in {@code transfer:train}. Overridden by {@code transfer.baseModel}.
     *
     * @since 0.1.0
     */
    @Parameter
    private BaseModelParameter baseModel;

    /**
     * The base network in one string, for the command line: an architecture ({@code resnet20}), a
     * URL ({@code djl://…}, {@code file:…}), Maven coordinates ({@code g:a:v[:type[:classifier]]}) or
     * a path. Takes precedence over {@code <baseModel>}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.baseModel")
    private String baseModelShorthand;

    /**
     * With {@code transfer.baseModel}: whether a TorchScript ResNet is imported into DJL blocks (so
     * that it can be cut anywhere) rather than used whole; as {@code <baseModel><importTorchScript>}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.importTorchScript", defaultValue = "true")
    private boolean importTorchScript;

    /**
     * The cut point to evaluate, as in {@code transfer:train}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.cutPoint", defaultValue = "features")
    private String cutPoint;

    /**
     * The head to size, as in {@code transfer:train}.
     *
     * @since 0.1.0
     */
    @Parameter
    private HeadParameter head;

    /**
     * The dataset, as in {@code transfer:train}: when given, it sizes the classifier and the input of
     * an untrained architecture.
     *
     * @since 0.1.0
     */
    @Parameter
    private DatasetParameter dataset;

    /**
     * The number of classes when no dataset is configured.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.classes", defaultValue = "10")
    private int classes;

    /**
     * For an untrained architecture without a dataset: the input size ({@code 28} or {@code 32x28}).
     * Default 224.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.imageSize")
    private String imageSize;

    /**
     * For an untrained architecture without a dataset: {@code grayscale} or {@code color} (default).
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.colorMode")
    private String colorMode;

    /**
     * Where {@code inspect.json} is written.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.reportDirectory", defaultValue = "${project.build.directory}/transfer")
    private File reportDirectory;

    /**
     * Skip the inspection.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.skip", defaultValue = "false")
    private boolean skip;

    /**
     * The largest base, in megabytes, that may be downloaded or extracted. Default: 2048 MB.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.maxModelMb", defaultValue = "2048")
    private long maxModelMb;

    private final RepositorySystem repositorySystem;

    /** @param repositorySystem resolves base models given by coordinates */
    @Inject
    public InspectMojo(RepositorySystem repositorySystem) {
        this.repositorySystem = repositorySystem;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping inspection: transfer.skip = true");
            return;
        }
        InspectJob.Output inspection;
        Path json = ModelSelection.outputPath(reportDirectory, session, "target/transfer").resolve("inspect.json");
        try {
            BaseModelSpec spec = baseModelShorthand != null && !baseModelShorthand.isBlank()
                    ? BaseModelSpec.fromShorthand(baseModelShorthand).withImportTorchScript(importTorchScript)
                    : baseModel == null ? BaseModelSpec.fromShorthand(null) : baseModel.toSpec();
            List<HiddenLayer> layers = new ArrayList<>();
            if (head != null) {
                head.getLayers().forEach(layer -> layers.add(layer.toHiddenLayer()));
            }
            int[] size = InputParameters.size(imageSize);
            ResolvedArtifacts artifacts = new ResolvedArtifacts(Map.of());
            if (spec.kind() == BaseModelSpec.Kind.ARTIFACT) {
                artifacts = artifacts.with(spec.location(), "<baseModel><artifact>", new MavenArtifactResolver(
                        repositorySystem, session.getRepositorySession(), project.getRemoteProjectRepositories()));
            }
            InspectJob job = new InspectJob(spec, dataset == null ? null : dataset.toSpec(),
                    size == null ? null : size[0], size == null ? null : size[1], InputParameters.grayscale(colorMode),
                    cutPoint, layers, classes, ExtractionLimits.ofMegabytes(maxModelMb), artifacts, json);
            inspection = worker().run("inspect", job, new MavenTrainingEvents(getLog()));
        } catch (WorkerException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw UserErrors.failure(e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write " + json + ": " + e.getMessage(), e);
        }
        inspection.lines().forEach(getLog()::info);
        getLog().info("Wrote " + json);
    }
}
