package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.PixelLimit;
import io.github.transferml.transfer.data.DatasetException;
import io.github.transferml.transfer.evaluate.ClassifierException;
import io.github.transferml.transfer.evaluate.TestSet;
import io.github.transferml.transfer.quality.QualityRule;
import io.github.transferml.transfer.source.BaseModelException;
import io.github.transferml.transfer.source.ExtractionLimits;
import io.github.transferml.transfer.worker.EvaluateJob;
import io.github.transferml.transfer.worker.Worker;
import io.github.transferml.transfer.worker.WorkerException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

/**
 * Scores a model archive on a test set and checks the quality rules against the test figures:
 * this module's archive (the default), any other on disk, or one named by Maven coordinates (a
 * dependency's, a released model's). The archive is loaded through DJL's {@code Criteria} as an
 * application loads it. Writes {@code report.html}, {@code metrics.json} and {@code
 * test-predictions.csv}, as {@code transfer:train} does, to a directory of their own. Works without
 * a POM:
 * {@code mvn io.github.transferml:transfer-maven-plugin:evaluate -Dtransfer.modelArtifact=com.acme:shoes:1.0 -Dtransfer.testDirectory=data/test}.
 *
 * <p>Bound to {@code verify} when an execution names no phase: after {@code package}, where {@code
 * transfer:train} writes the archive, and before {@code install} and {@code deploy} publish it, as
 * {@code jacoco:check} is bound.
 *
 * @since 0.1.0
 */
@Mojo(name = "evaluate", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class EvaluateMojo extends AbstractEngineMojo {

    /**
     * The model archive (or model directory) to score. Default, in a project:
     * <code>${project.build.directory}/${project.build.finalName}-model.zip</code>, the archive
     * {@code transfer:train} writes. Give this or {@code modelArtifact}, not both.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.model")
    private File model;

    /**
     * The model archive as Maven coordinates {@code groupId:artifactId:version[:type[:classifier]]},
     * type defaulting to {@code zip} and classifier to {@code model}: resolved from the reactor, the
     * local repository or the remote repositories. Give this or {@code model}, not both.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.modelArtifact")
    private String modelArtifact;

    /**
     * The test data, scored whole: {@code <directory>} (one sub-folder of images per class, named as
     * the model's classes); or {@code <format>idx</format>} with {@code <images>}, {@code <labels>}
     * and {@code <classNames>}. The classes must be the model's; their order may differ.
     *
     * @since 0.1.0
     */
    @Parameter
    private TestSetParameter testSet;

    /**
     * A folder of class folders to score, for the command line; takes precedence over {@code
     * <testSet>}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.testDirectory")
    private File testDirectory;

    /**
     * The quality gate, as in {@code transfer:train}: each {@code <rule>} has a {@code <metric>}, a
     * {@code <minimum>} and/or {@code <maximum>}, and for {@code recall} an optional {@code
     * <className>}. The figures checked are the test set's, whether a rule names them {@code
     * test…} ({@code testAccuracy}, {@code testLoss}, {@code testMacroF1}, {@code testRecall}) or,
     * so the rules of a training can be reused as they are, {@code validationAccuracy}, {@code
     * validationLoss}, {@code macroF1} and {@code recall}.
     *
     * @since 0.1.0
     */
    @Parameter
    private List<RuleParameter> rules;

    /**
     * Fail the build when a quality rule is missed; {@code false} only warns.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.haltOnFailure", defaultValue = "true")
    private boolean haltOnFailure;

    /**
     * Where {@code report.html}, {@code metrics.json} and {@code test-predictions.csv} are written;
     * apart from the training's report. Without a POM: {@code target/transfer/evaluation} in the
     * current directory.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.evaluationReportDirectory",
            defaultValue = "${project.build.directory}/transfer/evaluation")
    private File reportDirectory;

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
     * Skip the evaluation.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.skip", defaultValue = "false")
    private boolean skip;

    private final RepositorySystem repositorySystem;

    /** @param repositorySystem resolves models given by coordinates */
    @Inject
    public EvaluateMojo(RepositorySystem repositorySystem) {
        this.repositorySystem = repositorySystem;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping evaluation: transfer.skip = true");
            return;
        }
        TestSet test;
        PixelLimit limit;
        ExtractionLimits modelLimits;
        List<QualityRule> qualityRules;
        try {
            limit = new PixelLimit(maxImagePixels);
            modelLimits = ExtractionLimits.ofMegabytes(maxModelMb);
            test = testDirectory != null ? TestSet.folder(testDirectory.toPath())
                    : testSet != null ? testSet.toTestSet() : null;
            if (test == null) {
                throw new ConfigurationException("testSet", "is required: <testSet><directory> (or"
                        + " -Dtransfer.testDirectory=...), or <format>idx</format> with <images>, <labels> and"
                        + " <classNames>");
            }
            qualityRules = rules == null ? List.of() : rules.stream().map(RuleParameter::toRule).toList();
        } catch (RuntimeException e) {
            throw UserErrors.failure(e);
        }
        EvaluateJob.Summary result;
        String modelElement = modelArtifact != null ? "<modelArtifact>" : "<model>";
        try {
            Worker worker = worker();
            result = worker.run("evaluate", new EvaluateJob(modelFile(), test, limit, modelLimits, qualityRules,
                    reportDirectory()), new MavenTrainingEvents(getLog()));
        } catch (WorkerException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (DatasetException e) {
            throw new MojoFailureException("<testSet>: " + e.getMessage(), e);
        } catch (ClassifierException | BaseModelException e) {
            throw new MojoFailureException(modelElement + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw UserErrors.failure(e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the evaluation report: " + e.getMessage(), e);
        }
        getLog().info("Report: " + result.report());
        getLog().info(String.format(Locale.ROOT, "Evaluated %s on %d test images: accuracy %.4f, loss %.4f,"
                + " macro F1 %.4f; SHA-256 %s", modelArtifact != null ? modelArtifact.trim()
                : modelFile().getFileName(), result.images(), result.accuracy(), result.loss(),
                result.macroF1(), result.modelSha256()));
        QualityGates.apply(result.gate(), result.report(), haltOnFailure, getLog());
    }

    private Path modelFile() {
        return ModelSelection.modelFile(model, modelArtifact, project, session, repositorySystem);
    }

    private Path reportDirectory() {
        return ModelSelection.outputPath(reportDirectory, session, "target/transfer/evaluation");
    }
}
