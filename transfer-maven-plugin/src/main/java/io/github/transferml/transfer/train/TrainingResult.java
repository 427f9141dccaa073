package io.github.transferml.transfer.train;

import io.github.transferml.transfer.quality.QualityGate;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import io.github.transferml.transfer.fingerprint.UpToDateCheck;
import io.github.transferml.transfer.report.TrainingReports;
import io.github.transferml.transfer.util.Sha256;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a training run produced.
 *
 * @param archive the model archive
 * @param archiveSha256 the archive's SHA-256
 * @param history the figures of every epoch
 * @param validationAccuracy the final validation accuracy
 * @param validationLoss the final validation loss
 * @param trainSeconds seconds spent in epochs (after caching)
 * @param cacheSeconds seconds spent computing the cache
 * @param metricsFile the metrics JSON
 * @param fineTuneStartEpoch the first epoch of the fine-tuning phase, or null without one
 * @param macroF1 the final validation macro F1
 * @param gate what the quality gate found
 * @param report the HTML report
 * @param rejected whether the model missed a quality rule under {@code haltOnFailure}: then {@code
 *     archive} is the rejected model, kept for inspection, and the configured archive was not touched
 * @param upToDate whether the archive was up to date and nothing trained
 * @param test the final model's test figures, or null without a test set
 */
public record TrainingResult(
        Path archive,
        String archiveSha256,
        List<EpochMetrics> history,
        double validationAccuracy,
        double validationLoss,
        double trainSeconds,
        double cacheSeconds,
        Path metricsFile,
        Integer fineTuneStartEpoch,
        double macroF1,
        QualityGate.Result gate,
        Path report,
        boolean rejected,
        boolean upToDate,
        TestFigures test) {

    /**
     * The final model's figures on the test set, which nothing was tuned on.
     *
     * @param accuracy the fraction of test images classified right
     * @param loss the mean cross-entropy on the test images
     * @param macroF1 the macro F1 on the test images
     */
    public record TestFigures(double accuracy, double loss, double macroF1) {

        /** @return e.g. {@code test accuracy 0.9100, loss 0.3012, macro F1 0.9050} */
        public String describe() {
            return String.format(Locale.ROOT, "test accuracy %.4f, loss %.4f, macro F1 %.4f", accuracy,
                    loss, macroF1);
        }
    }

    /**
     * The result of a run that found the archive up to date and trained nothing: the figures are
     * those the archive's {@code transfer.json} recorded when it was trained, the quality gate's
     * result the one its {@code metrics.json} recorded.
     *
     * @param archive the archive
     * @param reportDirectory where its reports are (left in place)
     * @return the result
     * @throws IOException if the archive cannot be read
     */
    @SuppressWarnings("unchecked")
    public static TrainingResult upToDate(Path archive, Path reportDirectory) throws IOException {
        Map<String, Object> metrics = (Map<String, Object>) UpToDateCheck.manifest(archive)
                .getOrDefault("metrics", Map.of());
        Path metricsFile = reportDirectory.resolve(TrainingReports.METRICS);
        Map<String, Object> gate = Map.of();
        try (Reader reader = Files.newBufferedReader(metricsFile, StandardCharsets.UTF_8)) {
            Map<String, Object> report = new Gson().fromJson(reader, Map.class);
            if (report != null && report.get("qualityGate") instanceof Map<?, ?> recorded) {
                gate = (Map<String, Object>) recorded;
            }
        } catch (JsonParseException e) {
            throw new IOException(metricsFile + " is not JSON: " + e.getMessage(), e);
        }
        return new TrainingResult(archive, Sha256.of(archive), List.of(), number(metrics, "validationAccuracy"),
                number(metrics, "validationLoss"), 0, 0, metricsFile, null, number(metrics, "macroF1"),
                new QualityGate.Result(strings(gate.get("passed")), strings(gate.get("violations"))),
                reportDirectory.resolve("report.html"), false, true,
                metrics.containsKey("testAccuracy") ? new TestFigures(number(metrics, "testAccuracy"),
                        number(metrics, "testLoss"), number(metrics, "testMacroF1")) : null);
    }

    private static double number(Map<String, Object> json, String key) {
        Object value = json.get(key);
        return value instanceof Number ? ((Number) value).doubleValue() : Double.NaN;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }
}
