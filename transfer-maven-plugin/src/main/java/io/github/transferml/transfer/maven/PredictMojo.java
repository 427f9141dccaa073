package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.data.DatasetException;
import io.github.transferml.transfer.predict.PredictionException;
import io.github.transferml.transfer.predict.PredictionRequest;
import io.github.transferml.transfer.predict.PredictionSummary;
import io.github.transferml.transfer.source.BaseModelException;
import io.github.transferml.transfer.source.ExtractionLimits;
import io.github.transferml.transfer.worker.PredictJob;
import io.github.transferml.transfer.worker.WorkerException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

/**
 * Classifies every image of a folder (sub-folders included) with a trained model archive and writes
 * a CSV: one row per image with its path relative to the folder, the most likely class and its
 * probability, then the next most likely classes up to {@code topK}:
 * {@code file,class,probability,class2,probability2,class3,probability3}. Rows are sorted by path.
 * The model is loaded with DJL's {@code Criteria} exactly as an application loads it. Works without
 * a POM:
 * {@code mvn io.github.transferml:transfer-maven-plugin:predict -Dtransfer.modelArtifact=com.acme:digits:1.0 -Dtransfer.inputDirectory=images}.
 *
 * @since 0.1.0
 */
@Mojo(name = "predict", requiresProject = false, threadSafe = true)
public class PredictMojo extends AbstractEngineMojo {

    /**
     * The model: a model archive written by {@code transfer:train} (or its extracted directory).
     * Give this or {@code modelArtifact}; with neither, the current project's own archive
     * {@code ${project.build.directory}/${project.build.finalName}-model.zip} is used.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.model")
    private File model;

    /**
     * The model by Maven coordinates, {@code groupId:artifactId:version[:type[:classifier]]}; type
     * defaults to {@code zip} and classifier to {@code model}, which is what {@code transfer:train}
     * attaches. Resolved from the reactor, the local repository, then the remote repositories. Give
     * this or {@code model}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.modelArtifact")
    private String modelArtifact;

    /**
     * The folder of images to classify. Required. Its sub-folders are searched too; PNG, JPEG, BMP
     * and GIF files are read, other files and hidden ones (names starting with a dot) are ignored.
     * An image that cannot be decoded fails the build and no CSV is written.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.inputDirectory")
    private File inputDirectory;

    /**
     * The CSV file to write, replaced whole (or left as it was when the build fails). Without a POM,
     * {@code target/transfer/predictions.csv} in the current directory.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.outputFile", defaultValue = "${project.build.directory}/transfer/predictions.csv")
    private File outputFile;

    /**
     * How many classes each row lists, most likely first; at most the model's number of classes.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.topK", defaultValue = "3")
    private int topK;

    /**
     * How many images go through the network at once. It changes speed and memory, not the results.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.predictBatchSize", defaultValue = "32")
    private int batchSize;

    /**
     * The most pixels (width x height) an image file may declare in its header. A larger image fails
     * the build before it is decoded, naming the file: a file of a megabyte can declare an image that
     * takes gigabytes once decoded. Default: 64 megapixels (8192 x 8192).
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.maxImagePixels", defaultValue = "67108864")
    private long maxImagePixels;

    /**
     * The largest model, in megabytes, that may be extracted: a model archive declaring or holding
     * more fails before it fills the disk. Default: 2048 MB.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.maxModelMb", defaultValue = "2048")
    private long maxModelMb;

    /**
     * Skip the prediction.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.skip", defaultValue = "false")
    private boolean skip;

    private final RepositorySystem repositorySystem;

    /** @param repositorySystem resolves a model given by coordinates */
    @Inject
    public PredictMojo(RepositorySystem repositorySystem) {
        this.repositorySystem = repositorySystem;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping prediction: transfer.skip = true");
            return;
        }
        PredictionSummary summary;
        try {
            PredictionRequest request = PredictionRequest.builder()
                    .setModel(modelFile())
                    .setInputDirectory(inputDirectory == null ? null : inputDirectory.toPath())
                    .setOutputFile(outputPath())
                    .optTopK(topK)
                    .optBatchSize(batchSize)
                    .optMaxImagePixels(maxImagePixels)
                    .optModelLimits(ExtractionLimits.ofMegabytes(maxModelMb))
                    .build();
            summary = worker().run("predict", new PredictJob(request), new MavenTrainingEvents(getLog()));
        } catch (WorkerException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (ConfigurationException e) {
            throw UserErrors.failure(e);
        } catch (BaseModelException e) {
            throw new MojoFailureException(e.getMessage(), e); // names <modelArtifact> itself
        } catch (DatasetException e) {
            throw new MojoFailureException("<inputDirectory>: " + e.getMessage(), e);
        } catch (PredictionException e) {
            throw new MojoFailureException((modelArtifact != null && !modelArtifact.isBlank() ? "<modelArtifact>: " : "<model>: ") + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write " + outputPath() + ": " + e.getMessage(), e);
        }
        getLog().info(summary.describe(hasProject() ? project.getBasedir().toPath() : executionRoot()));
    }

    private Path modelFile() {
        return ModelSelection.modelFile(model, modelArtifact, project, session, repositorySystem);
    }

    private boolean hasProject() {
        return ModelSelection.hasProject(project);
    }

    private Path outputPath() {
        return ModelSelection.outputPath(outputFile, session, "target/transfer/" + outputFile.getName());
    }

    private Path executionRoot() {
        return Path.of(session.getExecutionRootDirectory());
    }
}
