package io.github.transferml.transfer.report;

import ai.djl.modality.cv.Image;
import io.github.transferml.transfer.data.LabeledImage;
import io.github.transferml.transfer.train.EpochMetrics;
import io.github.transferml.transfer.cut.CutChoice;
import io.github.transferml.transfer.cut.CutTrial;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.util.AtomicFiles;
import io.github.transferml.transfer.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code report.html}: one self-contained page about a training run, or about a finished
 * model scored on a test set, that opens in any browser, offline, also when attached to a CI build.
 * Images are embedded as {@code data:} URLs and the style sheet is inline; there is no script and
 * no reference to another file or server.
 *
 * <p>Sections: headline figures, learning curves (only after training), confusion matrix,
 * per-class figures, the worst misclassified images, configuration, timing, quality gate, and the
 * figures of {@link ClassMetrics#toJson()} verbatim. The images scored are named by {@link
 * ReportData#dataLabel()} ("validation", "test"). Tables show ratios to four decimals; the JSON shows them exactly.
 * The page holds no timestamp, so the same data gives the same page.
 */
public final class HtmlReport {

    /** The most misclassified images the gallery shows. */
    public static final int GALLERY_SIZE = 16;

    /** Thumbnails larger than this many pixels on their longer side are scaled down. */
    static final int THUMBNAIL_MAX = 128;

    /** Images this small (MNIST is 28x28) are shown three times larger, with sharp pixels. */
    private static final int SMALL = 42;

    /** Draws the accuracy or the loss chart; tests replace it to fail like AWT without fonts. */
    @FunctionalInterface
    interface Charts {
        byte[] draw(boolean accuracy, List<EpochMetrics> history, Integer fineTuneStartEpoch,
                List<EpochMetrics> baseline) throws ChartException;
    }

    private static final Charts XCHART = (accuracy, history, fineTune, baseline) -> accuracy
            ? LearningCurveChart.accuracy(history, fineTune, baseline)
            : LearningCurveChart.loss(history, fineTune, baseline);

    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
                   max-width: 1100px; margin: 2em auto; padding: 0 1em; line-height: 1.4; }
            h1 { margin-bottom: 0.2em; }
            h2 { margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
            .headline { display: flex; gap: 2em; flex-wrap: wrap; margin: 1em 0; }
            .figure { background: #f4f6f8; border-radius: 6px; padding: 0.6em 1em; }
            .figure b { display: block; font-size: 1.8em; }
            .note { color: #8a5a00; background: #fff6e0; padding: 0.6em 1em; border-radius: 6px; }
            table { border-collapse: collapse; margin: 0.5em 0; }
            th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; }
            td.number, .confusion td { text-align: right; font-variant-numeric: tabular-nums; }
            thead th, tbody th { background: #f4f6f8; }
            tfoot th, tfoot td { font-weight: bold; }
            .confusion td.hit { background: #c8e6c9; font-weight: bold; }
            .confusion td.miss { background: #ffcdd2; }
            .confusion td.zero { color: #bbb; }
            .charts img { max-width: 100%; height: auto; display: block; margin-bottom: 1em; }
            .gallery { display: flex; flex-wrap: wrap; gap: 1em; }
            .gallery figure { margin: 0; width: 160px; font-size: 0.85em; }
            .gallery img { display: block; margin-bottom: 0.3em; border: 1px solid #ddd; }
            .gallery img.pixelated { image-rendering: pixelated; }
            .gallery code { word-break: break-all; }
            pre { background: #f4f6f8; padding: 1em; overflow-x: auto; }
            """;

    private HtmlReport() {}

    /**
     * Writes the report. If the charts cannot be drawn the page says so in their place; use {@link
     * #write(Path, ReportData, TrainingEvents)} to hear about it.
     *
     * @param file the file to write, usually {@code report.html}
     * @param data the run's figures
     * @return {@code file}
     * @throws IOException if the file cannot be written
     */
    public static Path write(Path file, ReportData data) throws IOException {
        return write(file, data, TrainingEvents.NONE);
    }

    /**
     * Writes the report, warning through {@code events} about what it had to leave out: charts that
     * cannot be drawn (a JVM without fonts) and images that can no longer be decoded.
     *
     * @param file the file to write, usually {@code report.html}
     * @param data the run's figures
     * @param events receives warnings
     * @return {@code file}
     * @throws IOException if the file cannot be written
     */
    public static Path write(Path file, ReportData data, TrainingEvents events) throws IOException {
        return write(file, data, events, XCHART);
    }

    /** Writes the report with the given chart drawing, so tests can make it fail. */
    static Path write(Path file, ReportData data, TrainingEvents events, Charts charts) throws IOException {
        AtomicFiles.write(file, html(data, events, charts).getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /** The whole page; warnings go to {@code events}. */
    static String html(ReportData data, TrainingEvents events, Charts charts) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(data.title())).append(" – ").append(kind(data))
                .append(" report</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        headline(html, data);
        if (data.hasHistory()) {
            curves(html, data, events, charts);
        }
        confusionMatrix(html, data.metrics());
        perClass(html, data.metrics(), data.dataLabel(), data.test() == null ? null : data.test().metrics());
        gallery(html, data, events);
        cutChoice(html, data.cutChoice());
        table(html, "Configuration", data.configuration());
        table(html, "Timing", data.timing());
        qualityGate(html, data.qualityGate());
        html.append("<h2>Figures as JSON</h2>\n<details>\n<summary>The per-class figures above,")
                .append(" unrounded</summary>\n<pre>")
                .append(escape(new String(Json.bytes(data.metrics().toJson()), StandardCharsets.UTF_8)))
                .append("</pre>\n</details>\n</body>\n</html>\n");
        return html.toString();
    }

    /** @return {@code training} or {@code evaluation}, what the page is a report of */
    private static String kind(ReportData data) {
        return data.hasHistory() ? "training" : "evaluation";
    }

    private static void headline(StringBuilder html, ReportData data) {
        ClassMetrics m = data.metrics();
        String label = escape(data.dataLabel());
        int epochs = data.history().size();
        html.append("<h1>").append(escape(data.title())).append("</h1>\n<p>")
                .append(data.hasHistory() ? "Training" : "Evaluation").append(" report: ")
                .append(data.classNames().size()).append(" classes, ")
                .append(data.validationImages().size()).append(' ').append(label).append(" images, ");
        if (data.hasHistory()) {
            html.append(epochs).append(epochs == 1 ? " epoch" : " epochs");
        } else {
            html.append("no training in this run");
        }
        if (data.fineTuneStartEpoch() != null) {
            html.append(", fine-tuning from epoch ").append(data.fineTuneStartEpoch());
        }
        html.append(".</p>\n<div class=\"headline\">\n");
        figure(html, fixed(m.accuracy()), label + " accuracy");
        figure(html, fixed(data.validationLoss()), label + " loss");
        figure(html, fixed(m.macroF1()), "macro F1");
        ReportData.TestFigures test = data.test();
        if (test != null) {
            figure(html, fixed(test.metrics().accuracy()), "test accuracy");
            figure(html, fixed(test.loss()), "test loss");
            figure(html, fixed(test.metrics().macroF1()), "test macro F1");
        }
        html.append("</div>\n");
        if (test != null) {
            html.append("<p>The test figures are of ").append(test.metrics().total()).append(" test images, scored")
                    .append(" once, on the final model: nothing was tuned on them, while the ").append(label)
                    .append(" figures may have chosen the model.</p>\n");
        }
    }

    private static void figure(StringBuilder html, String value, String label) {
        html.append("<div class=\"figure\"><b>").append(value).append("</b>").append(label).append("</div>\n");
    }

    private static void curves(StringBuilder html, ReportData data, TrainingEvents events, Charts charts) {
        html.append("<h2>Learning curves</h2>\n");
        try {
            byte[] accuracy = charts.draw(true, data.history(), data.fineTuneStartEpoch(), data.baselineHistory());
            byte[] loss = charts.draw(false, data.history(), data.fineTuneStartEpoch(), data.baselineHistory());
            html.append("<div class=\"charts\">\n");
            chart(html, accuracy, "Training and validation accuracy per epoch");
            chart(html, loss, "Training and validation loss per epoch");
            html.append("</div>\n");
        } catch (ChartException e) {
            // One failure is enough: without fonts the second chart would fail the same way.
            events.warn("The HTML report has no learning curves. " + e.getMessage());
            html.append("<p class=\"note\">The learning curves could not be drawn on the machine that ran the")
                    .append(" build: ").append(escape(e.getMessage())).append("</p>\n");
        }
    }

    private static void chart(StringBuilder html, byte[] png, String alt) {
        html.append("<img src=\"").append(dataUrl(png)).append("\" width=\"").append(LearningCurveChart.WIDTH)
                .append("\" height=\"").append(LearningCurveChart.HEIGHT).append("\" alt=\"").append(alt)
                .append("\">\n");
    }

    private static void confusionMatrix(StringBuilder html, ClassMetrics m) {
        List<String> names = m.classNames();
        html.append("<h2>Confusion matrix</h2>\n<p>Rows are the true classes, columns the predicted ones;")
                .append(" the diagonal counts the images predicted right.</p>\n")
                .append("<table class=\"confusion\">\n<thead>\n<tr><th>true \\ predicted</th>");
        for (String name : names) {
            html.append("<th scope=\"col\">").append(escape(name)).append("</th>");
        }
        html.append("</tr>\n</thead>\n<tbody>\n");
        for (int t = 0; t < names.size(); t++) {
            html.append("<tr><th scope=\"row\">").append(escape(names.get(t))).append("</th>");
            for (int p = 0; p < names.size(); p++) {
                int count = m.count(t, p);
                String kind = t == p ? "hit" : count == 0 ? "zero" : "miss";
                html.append("<td class=\"").append(kind).append("\">").append(count).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    /** The per-class table; with test figures, each class's test recall and support beside the others. */
    private static void perClass(StringBuilder html, ClassMetrics m, String images, ClassMetrics test) {
        html.append("<h2>Per-class figures</h2>\n<table class=\"per-class\">\n<thead>\n<tr><th>class</th>")
                .append("<th>precision</th><th>recall</th><th>F1</th><th>support</th>")
                .append(test == null ? "" : "<th>test recall</th><th>test support</th>")
                .append("</tr>\n</thead>\n<tbody>\n");
        for (int c = 0; c < m.classNames().size(); c++) {
            html.append("<tr><th scope=\"row\">").append(escape(m.classNames().get(c))).append("</th>");
            number(html, fixed(m.precision(c)));
            number(html, m.hasExamples(c) ? fixed(m.recall(c)) : "–");
            number(html, m.hasExamples(c) ? fixed(m.f1(c)) : "–");
            number(html, Integer.toString(m.support(c)));
            if (test != null) {
                number(html, test.hasExamples(c) ? fixed(test.recall(c)) : "–");
                number(html, Integer.toString(test.support(c)));
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n<tfoot>\n<tr><th scope=\"row\">macro average</th>");
        number(html, fixed(m.macroPrecision()));
        number(html, fixed(m.macroRecall()));
        number(html, fixed(m.macroF1()));
        number(html, Integer.toString(m.total()));
        if (test != null) {
            number(html, fixed(test.macroRecall()));
            number(html, Integer.toString(test.total()));
        }
        html.append("</tr>\n<tr><th scope=\"row\">accuracy</th><td class=\"number\" colspan=\"3\">")
                .append(fixed(m.accuracy())).append("</td>");
        number(html, Integer.toString(m.total()));
        if (test != null) {
            number(html, fixed(test.accuracy()));
            number(html, Integer.toString(test.total()));
        }
        html.append("</tr>\n</tfoot>\n</table>\n");
        m.classesWithoutExamplesWarning(images).ifPresent(warning ->
                html.append("<p class=\"note\">").append(escape(warning)).append(".</p>\n"));
    }

    private static void number(StringBuilder html, String value) {
        html.append("<td class=\"number\">").append(value).append("</td>");
    }

    private static void gallery(StringBuilder html, ReportData data, TrainingEvents events) {
        List<Integer> worst = worstMisclassified(data, GALLERY_SIZE);
        String label = escape(data.dataLabel());
        html.append("<h2>Worst misclassified ").append(label).append(" images</h2>\n");
        if (worst.isEmpty()) {
            html.append("<p>No ").append(label).append(" image was misclassified.</p>\n");
            return;
        }
        html.append("<p>The ").append(worst.size())
                .append(worst.size() == 1 ? " wrong prediction" : " wrong predictions")
                .append(" made with the highest probability, highest first.</p>\n<div class=\"gallery\">\n");
        float[] probability = data.probability();
        int[] predicted = data.predicted();
        for (int i : worst) {
            LabeledImage image = data.validationImages().get(i);
            html.append("<figure>");
            try {
                thumbnail(html, image);
            } catch (IOException | RuntimeException e) {
                // The file may have changed since training; the caption still says what went wrong.
                events.warn("The HTML report shows no thumbnail of " + image.id() + ": " + e.getMessage());
                html.append("<p class=\"note\">image unavailable</p>");
            }
            html.append("<figcaption><code>").append(escape(image.id())).append("</code><br>true: ")
                    .append(escape(data.classNames().get(image.label()))).append("<br>predicted: ")
                    .append(escape(data.classNames().get(predicted[i]))).append("<br>probability: ")
                    .append(fixed(probability[i])).append("</figcaption></figure>\n");
        }
        html.append("</div>\n");
    }

    /**
     * The indices of misclassified images, the most confident wrong prediction first; ties keep
     * the images' order, so the gallery is stable.
     */
    static List<Integer> worstMisclassified(ReportData data, int limit) {
        int[] predicted = data.predicted();
        float[] probability = data.probability();
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] != data.validationImages().get(i).label()) {
                wrong.add(i);
            }
        }
        wrong.sort(Comparator.comparingDouble((Integer i) -> -probability[i]).thenComparingInt(i -> i));
        return wrong.subList(0, Math.min(limit, wrong.size()));
    }

    private static void thumbnail(StringBuilder html, LabeledImage source) throws IOException {
        Image image = source.decode();
        int width = image.getWidth();
        int height = image.getHeight();
        int longest = Math.max(width, height);
        if (longest > THUMBNAIL_MAX) {
            // Embedding full-size photos would make the page megabytes large.
            width = Math.max(1, Math.round((float) width * THUMBNAIL_MAX / longest));
            height = Math.max(1, Math.round((float) height * THUMBNAIL_MAX / longest));
            image = image.resize(width, height, true);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        image.save(png, "png");
        boolean small = longest <= SMALL;
        int scale = small ? 3 : 1;
        html.append("<img src=\"").append(dataUrl(png.toByteArray())).append('"')
                .append(small ? " class=\"pixelated\"" : "")
                .append(" width=\"").append(width * scale).append("\" height=\"").append(height * scale)
                .append("\" alt=\"").append(escape(source.id())).append("\">");
    }

    private static void table(StringBuilder html, String title, Map<String, Object> entries) {
        html.append("<h2>").append(title).append("</h2>\n");
        if (entries.isEmpty()) {
            html.append("<p>None recorded.</p>\n");
            return;
        }
        html.append("<table class=\"").append(title.toLowerCase(Locale.ROOT)).append("\">\n<tbody>\n");
        for (Map.Entry<String, Object> entry : entries.entrySet()) {
            html.append("<tr><th scope=\"row\">").append(escape(entry.getKey())).append("</th><td>")
                    .append(escape(value(entry.getValue()))).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    /** The cut points {@code auto} tried, the chosen one marked. */
    private static void cutChoice(StringBuilder html, CutChoice choice) {
        if (choice == null) {
            return;
        }
        CutTrial chosen = choice.chosen();
        html.append("<h2>Cut point auto</h2>\n<p>A head of the same design fitted on each candidate's pooled")
                .append(" features, from one pass through the base; the best on validation was kept: <strong>")
                .append(escape(chosen.cutPoint())).append("</strong>.</p>\n<table class=\"cut-points\">\n<thead>\n")
                .append("<tr><th>cut point</th><th>block</th><th>features</th><th>validation accuracy</th>")
                .append("<th>validation loss</th><th>seconds</th></tr>\n</thead>\n<tbody>\n");
        for (CutTrial trial : choice.trials()) {
            html.append(trial == chosen ? "<tr class=\"chosen\">" : "<tr>")
                    .append("<td>").append(escape(trial.cutPoint())).append(trial == chosen ? " (chosen)" : "")
                    .append("</td><td>").append(escape(trial.option().name())).append("</td><td>")
                    .append(trial.features()).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.4f", trial.validationAccuracy())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.4f", trial.validationLoss())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", trial.seconds())).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static void qualityGate(StringBuilder html, List<String> lines) {
        html.append("<h2>Quality gate</h2>\n");
        if (lines.isEmpty()) {
            html.append("<p>No quality rules configured.</p>\n");
            return;
        }
        html.append("<ul class=\"quality-gate\">\n");
        for (String line : lines) {
            html.append("<li>").append(escape(line)).append("</li>\n");
        }
        html.append("</ul>\n");
    }

    /** Decimals to six significant digits: timings stay readable, tiny learning rates stay visible. */
    static String value(Object value) {
        if (value == null) {
            return "(not set)";
        }
        if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            return new BigDecimal(((Number) value).doubleValue()).round(new MathContext(6))
                    .stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String dataUrl(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    /**
     * Escapes text for HTML element content and quoted attribute values.
     *
     * @param text any text
     * @return the text with {@code & < > " '} replaced by character references
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
