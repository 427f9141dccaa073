package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.quality.QualityGate;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/** Applies a quality gate's result to the build, as {@code jacoco:check} does: fail, or only warn. */
final class QualityGates {

    private QualityGates() {}

    /**
     * @param result what the gate found
     * @param report the report to point at
     * @param haltOnFailure fail the build on a missed limit
     * @param log the Maven log
     * @throws MojoFailureException if a limit was missed and {@code haltOnFailure} is set
     */
    static void apply(QualityGate.Result result, Path report, boolean haltOnFailure, Log log)
            throws MojoFailureException {
        apply(result, report, haltOnFailure, log, null);
    }

    /**
     * @param result what the gate found
     * @param report the report to point at
     * @param haltOnFailure fail the build on a missed limit
     * @param log the Maven log
     * @param consequence what became of the model when a limit was missed, or null
     * @throws MojoFailureException if a limit was missed and {@code haltOnFailure} is set
     */
    static void apply(QualityGate.Result result, Path report, boolean haltOnFailure, Log log, String consequence)
            throws MojoFailureException {
        result.passed().forEach(line -> log.info("Quality rule met: " + line));
        if (result.ok()) {
            if (!result.passed().isEmpty()) {
                log.info("All quality rules are met.");
            }
            return;
        }
        String message = "Quality rules missed:\n  " + String.join("\n  ", result.violations())
                + "\nSee the report: " + report + (consequence == null ? "" : "\n" + consequence);
        if (haltOnFailure) {
            throw new MojoFailureException(message);
        }
        log.warn(message.replace("\n", System.lineSeparator()) + System.lineSeparator()
                + "transfer.haltOnFailure is false: the build goes on.");
    }
}
