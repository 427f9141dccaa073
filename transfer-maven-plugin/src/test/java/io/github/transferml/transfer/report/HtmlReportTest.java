package io.github.transferml.transfer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.ImageFactory;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.data.DatasetLoader;
import io.github.transferml.transfer.data.LabeledImage;
import io.github.transferml.transfer.data.TrainValidation;
import io.github.transferml.transfer.train.EpochMetrics;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.util.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    private static final Pattern DATA_IMAGE = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
    private static final Pattern CAPTION_ID = Pattern.compile("<figcaption><code>(.*?)</code>");
    private static final HtmlReport.Charts NO_FONTS = (accuracy, history, fineTune, baseline) -> {
        throw new ChartException("Cannot draw the accuracy chart: java.lang.InternalError: Fontconfig head is null.",
                new InternalError("Fontconfig head is null"));
    };

    /** Class "3" is renamed so that every place a class name appears must escape it. */
    private static final List<String> CLASSES = List.of("0", "1", "2", "a<b", "4", "5", "6", "7", "8", "9");

    private static List<LabeledImage> images;
    private static ReportData data;
    private static String html;
    private static Path reportFile;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeReport() throws IOException {
        TrainValidation digits = DatasetLoader.load(TestData.digitFolders(), 1);
        images = digits.validation().images();
        data = data(images, mistakes(Map.of(
                // index of the image -> {predicted class, probability in percent}
                5, new int[] {6, 60},
                15, new int[] {7, 95},
                25, new int[] {3, 80},
                35, new int[] {8, 80},
                45, new int[] {9, 99})), List.of());
        reportFile = HtmlReport.write(shared.resolve("transfer/report.html"), data);
        html = Files.readString(reportFile);
    }

    /** Every image right with probability 0.9, except the given mistakes. */
    private static int[][] mistakes(Map<Integer, int[]> wrong) {
        int[] predicted = new int[images.size()];
        int[] percent = new int[images.size()];
        for (int i = 0; i < images.size(); i++) {
            int[] mistake = wrong.get(i);
            predicted[i] = mistake == null ? images.get(i).label() : mistake[0];
            percent[i] = mistake == null ? 90 : mistake[1];
        }
        return new int[][] {predicted, percent};
    }

    private static ReportData data(List<LabeledImage> images, int[][] predictions, List<String> qualityGate) {
        int[] labels = images.stream().mapToInt(LabeledImage::label).toArray();
        float[] probability = new float[images.size()];
        for (int i = 0; i < probability.length; i++) {
            probability[i] = predictions[1][i] / 100f;
        }
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("baseModel", "djl://ai.djl.pytorch/resnet18 <cut at layer3>");
        configuration.put("learningRate", 0.00001);
        configuration.put("epochs", 6);
        configuration.put("seed", null);
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("trainSeconds", 12.3456789);
        timing.put("cacheSpilledToDisk", false);
        return new ReportData("digits <v2> & co", CLASSES, LearningCurveChartTest.HISTORY, 4,
                LearningCurveChartTest.BASELINE, ClassMetrics.of(CLASSES, labels, predictions[0]), images,
                predictions[0], probability, configuration, timing, qualityGate);
    }

    @Test
    void write_should_reference_no_other_file_or_server() {
        assertFalse(html.contains("http://"), "http:// reference");
        assertFalse(html.contains("https://"), "https:// reference");
        assertFalse(html.contains("src=\"file"), "file reference");
        assertFalse(html.contains("<script"), "script");
        assertFalse(html.contains("<link"), "linked resource");
        assertEquals(count(html, "src=\""), count(html, "src=\"data:image/png;base64,"));
    }

    @Test
    void write_should_embed_both_charts_and_a_thumbnail_per_mistake() throws IOException {
        List<BufferedImage> embedded = embeddedImages(html);

        assertEquals(2 + 5, embedded.size());
        assertEquals(List.of(720, 360), List.of(embedded.get(0).getWidth(), embedded.get(0).getHeight()));
        assertEquals(List.of(720, 360), List.of(embedded.get(1).getWidth(), embedded.get(1).getHeight()));
        for (BufferedImage thumbnail : embedded.subList(2, 7)) {
            assertEquals(List.of(28, 28), List.of(thumbnail.getWidth(), thumbnail.getHeight()));
        }
        assertTrue(html.contains("class=\"pixelated\" width=\"84\" height=\"84\""), "tiny digits shown larger");
    }

    @Test
    void write_should_count_true_classes_in_rows_of_the_confusion_matrix() {
        assertTrue(html.contains(confusionRow("0", 0, 9, 6, 1)), "row 0");
        assertTrue(html.contains(confusionRow("a&lt;b", 3, 9, 8, 1)), "row 3");
        assertTrue(html.contains(confusionRow("5", 5, 10, -1, 0)), "row 5");
        assertTrue(html.contains("<th scope=\"col\">a&lt;b</th>"), "escaped column header");
    }

    /** The HTML of one confusion matrix row: {@code hits} on the diagonal, {@code missCount} at {@code missAt}. */
    private static String confusionRow(String name, int row, int hits, int missAt, int missCount) {
        StringBuilder tr = new StringBuilder("<tr><th scope=\"row\">" + name + "</th>");
        for (int column = 0; column < 10; column++) {
            if (column == row) {
                tr.append("<td class=\"hit\">").append(hits).append("</td>");
            } else if (column == missAt) {
                tr.append("<td class=\"miss\">").append(missCount).append("</td>");
            } else {
                tr.append("<td class=\"zero\">0</td>");
            }
        }
        return tr.append("</tr>").toString();
    }

    @Test
    void write_should_show_the_most_confident_mistakes_first() {
        List<String> ids = new ArrayList<>();
        Matcher m = CAPTION_ID.matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }

        // 0.99, 0.95, then the 0.80 tie in validation order, then 0.60.
        assertEquals(List.of(images.get(45).id(), images.get(15).id(), images.get(25).id(), images.get(35).id(),
                images.get(5).id()), ids);
        assertTrue(html.contains("<figcaption><code>" + images.get(45).id() + "</code><br>true: 4<br>predicted: 9"
                + "<br>probability: 0.9900</figcaption>"), "caption of the worst mistake");
        assertTrue(html.contains("<br>true: 2<br>predicted: a&lt;b<br>"), "escaped predicted class");
    }

    @Test
    void worstMisclassified_should_stop_at_the_gallery_size() {
        Map<Integer, int[]> wrong = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            wrong.put(i, new int[] {(images.get(i).label() + 1) % 10, 50 + i});
        }
        ReportData many = data(images, mistakes(wrong), List.of());

        List<Integer> worst = HtmlReport.worstMisclassified(many, HtmlReport.GALLERY_SIZE);

        assertEquals(16, worst.size());
        assertEquals(29, worst.get(0));
        assertEquals(14, worst.get(15));
    }

    @Test
    void write_should_show_the_numbers_of_the_metrics_json() {
        String json = new String(Json.bytes(data.metrics().toJson()), StandardCharsets.UTF_8);

        assertTrue(html.contains(HtmlReport.escape(json)), "the JSON verbatim");
        assertTrue(json.contains("\"accuracy\": 0.95,"), json);
        assertTrue(html.contains("<div class=\"figure\"><b>0.9500</b>validation accuracy</div>"), "headline");
        assertTrue(html.contains("<b>" + String.format(java.util.Locale.ROOT, "%.4f", data.metrics().macroF1())
                + "</b>macro F1"), "headline macro F1");
        // Class 3 ("a<b"): 9 of 10 right, 10 predicted (one image of class 2 predicted as 3).
        assertTrue(html.contains("<tr><th scope=\"row\">a&lt;b</th><td class=\"number\">0.9000</td>"
                + "<td class=\"number\">0.9000</td><td class=\"number\">0.9000</td><td class=\"number\">10</td></tr>"),
                "per-class row");
    }

    @Test
    void write_should_show_test_figures_next_to_the_validation_figures() throws IOException {
        // Test set: class 3 ("a<b") 1 of 2 right, every other class 2 of 2: accuracy 0.95, recall of 3 0.5.
        int[] labels = new int[20];
        int[] predicted = new int[20];
        for (int i = 0; i < 20; i++) {
            labels[i] = i / 2;
            predicted[i] = i == 7 ? 4 : i / 2;
        }
        ClassMetrics test = ClassMetrics.of(CLASSES, labels, predicted);

        String page = Files.readString(HtmlReport.write(dir.resolve("report.html"),
                data.withTest(new ReportData.TestFigures(test, 0.4321)), TrainingEvents.NONE, NO_FONTS));

        assertTrue(page.contains("<div class=\"figure\"><b>0.9500</b>validation accuracy</div>\n"
                + "<div class=\"figure\"><b>" + String.format(java.util.Locale.ROOT, "%.4f", data.validationLoss())
                + "</b>validation loss</div>\n"), "validation figures first");
        assertTrue(page.contains("<div class=\"figure\"><b>0.9500</b>test accuracy</div>\n"
                + "<div class=\"figure\"><b>0.4321</b>test loss</div>\n<div class=\"figure\"><b>"
                + String.format(java.util.Locale.ROOT, "%.4f", test.macroF1()) + "</b>test macro F1</div>"), page);
        assertTrue(page.contains("<p>The test figures are of 20 test images, scored once, on the final model: nothing"
                + " was tuned on them, while the validation figures may have chosen the model.</p>"), "note");
        assertTrue(page.contains("<th>support</th><th>test recall</th><th>test support</th></tr>"), "columns");
        assertTrue(page.contains("<tr><th scope=\"row\">a&lt;b</th><td class=\"number\">0.9000</td>"
                + "<td class=\"number\">0.9000</td><td class=\"number\">0.9000</td><td class=\"number\">10</td>"
                + "<td class=\"number\">0.5000</td><td class=\"number\">2</td></tr>"), "per-class test recall");
        assertFalse(html.contains("test"), "no test figures without a test set");
    }

    @Test
    void reportData_should_refuse_test_figures_of_other_classes() {
        ClassMetrics other = ClassMetrics.of(List.of("x", "y"), new int[] {0, 1}, new int[] {0, 1});

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> data.withTest(new ReportData.TestFigures(other, 0.1)));

        assertEquals("classNames " + CLASSES + " differ from the test metrics' class names [x, y].", e.getMessage());
    }

    @Test
    void write_should_escape_every_text() {
        assertTrue(html.contains("<title>digits &lt;v2&gt; &amp; co – training report</title>"), "title");
        assertTrue(html.contains("<h1>digits &lt;v2&gt; &amp; co</h1>"), "heading");
        assertTrue(html.contains("resnet18 &lt;cut at layer3&gt;"), "configuration value");
        assertFalse(html.contains("a<b"), "raw class name");
        assertFalse(html.contains("<v2>"), "raw title");
    }

    @Test
    void write_should_list_configuration_and_timing_in_order() {
        assertTrue(html.contains("<tr><th scope=\"row\">learningRate</th><td>0.00001</td></tr>\n"
                + "<tr><th scope=\"row\">epochs</th><td>6</td></tr>\n"
                + "<tr><th scope=\"row\">seed</th><td>(not set)</td></tr>"), "configuration");
        assertTrue(html.contains("<tr><th scope=\"row\">trainSeconds</th><td>12.3457</td></tr>\n"
                + "<tr><th scope=\"row\">cacheSpilledToDisk</th><td>false</td></tr>"), "timing");
    }

    @Test
    void write_should_say_when_no_quality_rule_is_configured() {
        assertTrue(html.contains("<h2>Quality gate</h2>\n<p>No quality rules configured.</p>"));
    }

    @Test
    void write_should_list_quality_gate_results() throws IOException {
        ReportData gated = data(images, mistakes(Map.of()), List.of(
                "validationAccuracy is 1.0000 >= 0.90: passed", "class <a<b> recall is 1.0 >= 0.8: passed"));

        String page = Files.readString(HtmlReport.write(dir.resolve("report.html"), gated, TrainingEvents.NONE,
                NO_FONTS));

        assertTrue(page.contains("<ul class=\"quality-gate\">\n<li>validationAccuracy is 1.0000 &gt;= 0.90: passed</li>\n"
                + "<li>class &lt;a&lt;b&gt; recall is 1.0 &gt;= 0.8: passed</li>\n</ul>"), "quality gate");
        assertTrue(page.contains("<p>No validation image was misclassified.</p>"), "empty gallery");
    }

    @Test
    void write_should_still_write_the_report_when_charts_cannot_be_drawn() throws IOException {
        List<String> warnings = new ArrayList<>();

        Path file = HtmlReport.write(dir.resolve("report.html"), data, warnings(warnings), NO_FONTS);

        String page = Files.readString(file);
        assertTrue(page.contains("<p class=\"note\">The learning curves could not be drawn on the machine that ran"
                + " the build: Cannot draw the accuracy chart: java.lang.InternalError: Fontconfig head is null.</p>"),
                "note instead of the charts");
        assertEquals(5, embeddedImages(page).size(), "thumbnails only");
        assertTrue(page.contains("<h2>Confusion matrix</h2>"), "the rest of the report");
        assertEquals(List.of("The HTML report has no learning curves. Cannot draw the accuracy chart:"
                + " java.lang.InternalError: Fontconfig head is null."), warnings);
    }

    @Test
    void write_should_shrink_large_thumbnails_and_survive_unreadable_images() throws IOException {
        BufferedImage photo = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        List<LabeledImage> two = List.of(
                new LabeledImage("photos/large.jpg", 0, () -> ImageFactory.getInstance().fromImage(photo)),
                new LabeledImage("photos/gone.jpg", 1, () -> {
                    throw new IOException("no such file");
                }));
        List<String> names = List.of("cat", "dog");
        int[] predicted = {1, 0};
        ReportData photos = new ReportData("photos", names, LearningCurveChartTest.HISTORY, null, null,
                ClassMetrics.of(names, new int[] {0, 1}, predicted), two, predicted, new float[] {0.7f, 0.6f},
                null, null, null);
        List<String> warnings = new ArrayList<>();

        String page = Files.readString(HtmlReport.write(dir.resolve("report.html"), photos, warnings(warnings),
                NO_FONTS));

        List<BufferedImage> embedded = embeddedImages(page);
        assertEquals(1, embedded.size());
        assertEquals(List.of(128, 96), List.of(embedded.get(0).getWidth(), embedded.get(0).getHeight()));
        assertTrue(page.contains("width=\"128\" height=\"96\" alt=\"photos/large.jpg\""), "not pixelated");
        assertTrue(page.contains("<p class=\"note\">image unavailable</p><figcaption><code>photos/gone.jpg</code>"));
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(1).startsWith("The HTML report shows no thumbnail of photos/gone.jpg: Cannot decode"
                + " image photos/gone.jpg (no such file)."), warnings.get(1));
        assertTrue(page.contains("<h2>Configuration</h2>\n<p>None recorded.</p>"), "no configuration");
    }

    @Test
    void write_should_replace_the_previous_report() throws IOException {
        Path file = dir.resolve("report.html");
        Files.writeString(file, "old");

        HtmlReport.write(file, data, TrainingEvents.NONE, NO_FONTS);

        assertTrue(Files.readString(file).startsWith("<!DOCTYPE html>"));
        try (var leftovers = Files.list(dir)) {
            assertEquals(List.of(file), leftovers.toList());
        }
    }

    @Test
    void reportData_should_fail_when_predictions_and_images_differ() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReportData("m", CLASSES,
                LearningCurveChartTest.HISTORY, null, null, data.metrics(), images, new int[99], new float[100],
                null, null, null));

        assertEquals("There are 100 validation images but 99 predictions, 100 probabilities and 100 examples in"
                + " the metrics; all must describe the same images.", e.getMessage());
    }

    @Test
    void reportData_should_fail_when_class_names_differ_from_the_metrics() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReportData("m",
                List.of("x"), LearningCurveChartTest.HISTORY, null, null, data.metrics(), images,
                data.predicted(), data.probability(), null, null, null));

        assertEquals("classNames [x] differ from the metrics' class names " + CLASSES + ".", e.getMessage());
    }

    @Test
    void write_should_report_an_evaluation_without_learning_curves_and_name_the_test_images() throws IOException {
        int[][] predictions = mistakes(Map.of(15, new int[] {7, 95}));
        int[] labels = images.stream().mapToInt(LabeledImage::label).toArray();
        float[] probability = new float[images.size()];
        java.util.Arrays.fill(probability, 0.9f);
        probability[15] = 0.95f;
        ReportData evaluation = ReportData.evaluation("model.zip", ClassMetrics.of(CLASSES, labels, predictions[0]),
                images, predictions[0], probability, 0.123456, null, null, List.of("passed: macroF1 is 0.99"));
        List<String> warnings = new ArrayList<>();

        String page = Files.readString(HtmlReport.write(dir.resolve("report.html"), evaluation, warnings(warnings),
                NO_FONTS));

        assertEquals(List.of(), warnings, "no chart is drawn, so none can fail");
        assertFalse(page.contains("Learning curves"), "no learning curves without training");
        assertEquals(1, embeddedImages(page).size(), "the one mistake's thumbnail only");
        assertTrue(page.contains("<title>model.zip – evaluation report</title>"), "title");
        assertTrue(page.contains("<p>Evaluation report: 10 classes, 100 test images, no training in this run.</p>"),
                "summary");
        assertTrue(page.contains("<div class=\"figure\"><b>0.9900</b>test accuracy</div>"), "headline accuracy");
        assertTrue(page.contains("<div class=\"figure\"><b>0.1235</b>test loss</div>"), "headline loss");
        assertTrue(page.contains("<h2>Worst misclassified test images</h2>"), "gallery heading");
        assertFalse(page.contains("validation"), "nothing is called validation");
        assertEquals(ReportData.TEST, evaluation.dataLabel());
        assertEquals(List.of(), evaluation.history());
    }

    @Test
    void write_should_show_no_recall_for_a_class_without_images_and_say_it_is_left_out() throws IOException {
        List<LabeledImage> withoutNines = images.stream().filter(image -> image.label() != 9).toList();
        int[] labels = withoutNines.stream().mapToInt(LabeledImage::label).toArray();
        float[] probability = new float[labels.length];
        java.util.Arrays.fill(probability, 0.9f);
        ReportData evaluation = ReportData.evaluation("model.zip", ClassMetrics.of(CLASSES, labels, labels),
                withoutNines, labels, probability, 0.1, null, null, List.of());

        String page = Files.readString(HtmlReport.write(dir.resolve("report.html"), evaluation, warnings(new ArrayList<>()),
                NO_FONTS));

        assertTrue(page.contains("<tr><th scope=\"row\">9</th><td class=\"number\">0.0000</td>"
                + "<td class=\"number\">–</td><td class=\"number\">–</td><td class=\"number\">0</td></tr>"),
                "per-class row of the class without images");
        assertTrue(page.contains("<p class=\"note\">Classes without test images are left out of macro averages and"
                + " class rules: [9].</p>"), "note under the per-class table");
        assertTrue(page.contains("<div class=\"figure\"><b>1.0000</b>macro F1</div>"), "macro F1 over classes 0-8");
    }

    @Test
    void reportData_of_a_training_run_should_still_need_an_epoch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReportData("m", CLASSES,
                List.of(), null, null, data.metrics(), images, data.predicted(), data.probability(), null, null,
                null));

        assertEquals("history must hold at least one epoch.", e.getMessage());
        assertEquals(LearningCurveChartTest.HISTORY.get(LearningCurveChartTest.HISTORY.size() - 1).validationLoss(),
                data.validationLoss(), "a training run's loss is its last epoch's");
        assertEquals(ReportData.VALIDATION, data.dataLabel());
    }

    @Test
    void reportData_of_an_evaluation_should_name_test_images_in_its_messages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportData.evaluation("m",
                data.metrics(), images, new int[99], new float[100], 0.5, null, null, null));

        assertEquals("There are 100 test images but 99 predictions, 100 probabilities and 100 examples in"
                + " the metrics; all must describe the same images.", e.getMessage());
    }

    @Test
    void value_should_keep_six_significant_digits_of_decimals() {
        assertEquals("0.00001", HtmlReport.value(1e-5));
        assertEquals("12.3457", HtmlReport.value(12.3456789));
        assertEquals("0.1", HtmlReport.value(0.1f));
        assertEquals("3", HtmlReport.value(3.0));
        assertEquals("NaN", HtmlReport.value(Double.NaN));
        assertEquals("[a, b]", HtmlReport.value(List.of("a", "b")));
    }

    private static TrainingEvents warnings(List<String> into) {
        return new TrainingEvents() {
            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {
                into.add(message);
            }
        };
    }

    private static List<BufferedImage> embeddedImages(String page) throws IOException {
        List<BufferedImage> result = new ArrayList<>();
        Matcher m = DATA_IMAGE.matcher(page);
        while (m.find()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertNotNull(image, "embedded PNG does not decode");
            result.add(image);
        }
        return result;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
