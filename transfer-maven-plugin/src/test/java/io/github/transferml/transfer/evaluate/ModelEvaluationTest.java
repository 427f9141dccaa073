package io.github.transferml.transfer.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.DatasetSpec;
import io.github.transferml.transfer.data.DatasetException;
import io.github.transferml.transfer.data.LabeledImage;
import io.github.transferml.transfer.data.LabeledImages;
import io.github.transferml.transfer.quality.QualityGate;
import io.github.transferml.transfer.quality.QualityRule;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.train.TrainingResult;
import io.github.transferml.transfer.train.TransferTraining;
import io.github.transferml.transfer.util.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scores a resnet20 trained for two epochs on the Fashion-MNIST subset, on that subset's 200
 * validation images, and checks every figure against what plain DJL predicts from the archive.
 */
class ModelEvaluationTest {

    @TempDir
    static Path shared;

    private static TrainingResult trained;
    private static TestSet fashion;
    private static EvaluationResult result;

    @TempDir
    Path out;

    @BeforeAll
    static void trainAndEvaluate() throws IOException {
        trained = new TransferTraining(TestData.request(shared.resolve("fashion"),
                new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE, "resnet20", null), TestData.fashionIdx())
                .optEpochs(2).build(), null, TrainingEvents.NONE, "test").run();
        DatasetSpec idx = TestData.fashionIdx();
        fashion = TestSet.idx(idx.validationImages(), idx.validationLabels(), idx.classNames());
        // 200 images in batches of 7: the last batch is partial.
        result = new ModelEvaluation(7, TrainingEvents.NONE).evaluate(trained.archive(), fashion.load());
    }

    @Test
    void evaluate_should_score_every_image_as_plain_djl_classifies_it() throws Exception {
        LabeledImages images = fashion.load();
        List<Classifications> plain = plainDjl(trained.archive(), images);
        int right = 0;
        double loss = 0;
        for (int i = 0; i < images.size(); i++) {
            String truth = images.classNames().get(images.images().get(i).label());
            Classifications.Classification best = plain.get(i).best();
            right += best.getClassName().equals(truth) ? 1 : 0;
            loss -= Math.log(Math.max(plain.get(i).get(truth).getProbability(), 1e-7));
            assertEquals(best.getClassName(), result.classNames().get(result.predicted()[i]), "image " + i);
            assertEquals(best.getProbability(), result.probability()[i], 1e-5, "image " + i);
        }

        assertEquals(200, result.images().size());
        assertEquals((double) right / images.size(), result.accuracy(), 1e-12);
        assertEquals(loss / images.size(), result.loss(), 1e-5);
        assertEquals(result.accuracy(), result.metrics().accuracy(), 0);
        assertEquals(Sha256.of(trained.archive()), result.modelSha256());
        // The training's own final validation ran the same network on the same images.
        assertEquals(trained.validationAccuracy(), result.accuracy(), 1e-12);
        assertEquals(trained.validationLoss(), result.loss(), 1e-3);
        assertTrue(result.accuracy() > 0.5, "two epochs beat chance (0.1) by far: " + result.accuracy());
    }

    @Test
    void evaluate_should_match_classes_by_name_when_the_test_set_lists_them_in_another_order() {
        LabeledImages images = fashion.load();
        List<String> reversed = new ArrayList<>(images.classNames());
        java.util.Collections.reverse(reversed);
        List<LabeledImage> relabelled = images.images().stream()
                .map(i -> new LabeledImage(i.id(), reversed.size() - 1 - i.label(), i.source())).toList();

        EvaluationResult shuffled = new ModelEvaluation(TrainingEvents.NONE)
                .evaluate(trained.archive(), new LabeledImages(reversed, relabelled));

        assertEquals(images.classNames(), shuffled.classNames(), "the model's order");
        assertArrayEquals(result.predicted(), shuffled.predicted());
        assertEquals(result.accuracy(), shuffled.accuracy(), 0);
        assertEquals(result.loss(), shuffled.loss(), 1e-6);
    }

    @Test
    void evaluate_should_warn_once_naming_the_classes_without_test_images_and_leave_them_out() {
        LabeledImages images = fashion.load();
        List<String> untested = List.of(images.classNames().get(0), images.classNames().get(3));
        List<LabeledImage> tested = images.images().stream().filter(i -> i.label() != 0 && i.label() != 3).toList();
        List<String> warnings = new ArrayList<>();
        TrainingEvents events = new TrainingEvents() {
            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        };

        EvaluationResult partial = new ModelEvaluation(events)
                .evaluate(trained.archive(), new LabeledImages(images.classNames(), tested));
        QualityGate.Result gate = new QualityGate(List.of(new QualityRule(QualityRule.Metric.RECALL, null, 0.0, null),
                new QualityRule(QualityRule.Metric.RECALL, untested.get(0), 0.0, null)))
                .check(new QualityGate.Figures(partial.accuracy(), partial.loss(), partial.metrics()), null, "test");

        assertEquals(List.of("Classes without test images are left out of macro averages and class rules: "
                + untested), warnings);
        assertEquals(untested, partial.metrics().classesWithoutExamples());
        assertEquals(8, gate.passed().size(), "one recall line per class with images");
        assertEquals(List.of("recall of class " + untested.get(0) + " cannot be checked: the class has no test images"),
                gate.violations());
    }

    @Test
    void evaluate_should_read_a_folder_of_class_folders_like_the_same_images_in_idx() throws IOException {
        LabeledImages images = fashion.load();
        Path folder = out.resolve("test");
        for (int i = 0; i < images.size(); i++) {
            LabeledImage image = images.images().get(i);
            Path file = folder.resolve(images.classNames().get(image.label()))
                    .resolve(String.format(Locale.ROOT, "%03d.png", i));
            Files.createDirectories(file.getParent());
            try (OutputStream png = Files.newOutputStream(file)) {
                image.decode().save(png, "png");
            }
        }

        EvaluationResult fromFolder = new ModelEvaluation(TrainingEvents.NONE)
                .evaluate(trained.archive(), TestSet.folder(folder).load());

        assertEquals(200, fromFolder.images().size());
        for (int row = 0; row < 200; row++) {
            String id = fromFolder.images().images().get(row).id();
            int i = Integer.parseInt(id.substring(id.indexOf('/') + 1, id.indexOf('.')));
            assertEquals(result.predicted()[i], fromFolder.predicted()[row], id);
            assertEquals(result.probability()[i], fromFolder.probability()[row], 1e-6, id);
        }
        assertEquals(result.accuracy(), fromFolder.accuracy(), 1e-12);
        assertEquals(result.loss(), fromFolder.loss(), 1e-6);
    }

    @Test
    void evaluate_should_fail_listing_both_class_lists_when_they_differ() {
        LabeledImages digits = TestSet.folder(TestData.root().resolve("digits/validation")).load();

        DatasetException e = assertThrows(DatasetException.class,
                () -> new ModelEvaluation(TrainingEvents.NONE).evaluate(trained.archive(), digits));

        assertEquals("The test set's classes are not the model's. Not classes of the model: [0, 1, 2, 3, 4, 5, 6, 7,"
                + " 8, 9]; classes of the model missing from the test set: [ankle_boot, bag, coat, dress, pullover,"
                + " sandal, shirt, sneaker, t-shirt_top, trouser]. The model's classes (its synset.txt): [t-shirt_top,"
                + " trouser, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle_boot]; the test set's: [0, 1,"
                + " 2, 3, 4, 5, 6, 7, 8, 9]. Name the test classes (folders or <classNames>) exactly as the model's.",
                e.getMessage());
    }

    @Test
    void inModelOrder_should_refuse_a_class_the_model_lacks_and_one_the_test_set_lacks() {
        LabeledImages extra = new LabeledImages(List.of("cat", "dog", "fox"), List.of());
        LabeledImages fewer = new LabeledImages(List.of("dog"), List.of());

        DatasetException unknown = assertThrows(DatasetException.class,
                () -> ModelEvaluation.inModelOrder(extra, List.of("dog", "cat")));
        DatasetException missing = assertThrows(DatasetException.class,
                () -> ModelEvaluation.inModelOrder(fewer, List.of("dog", "cat")));

        assertTrue(unknown.getMessage().startsWith("The test set's classes are not the model's. Not classes of the"
                + " model: [fox]; classes of the model missing from the test set: []."), unknown.getMessage());
        assertTrue(missing.getMessage().startsWith("The test set's classes are not the model's. Not classes of the"
                + " model: []; classes of the model missing from the test set: [cat]."), missing.getMessage());
    }

    @Test
    void quality_gate_should_check_the_test_figures_and_reports_should_record_them() throws IOException {
        List<QualityRule> rules = List.of(
                new QualityRule(QualityRule.Metric.VALIDATION_ACCURACY, null, 0.999, null),
                new QualityRule(QualityRule.Metric.VALIDATION_LOSS, null, null, 100.0));
        QualityGate.Result gate = new QualityGate(rules).check(result.accuracy(), result.loss(), result.metrics());

        Path report = EvaluationReports.write(out, result, fashion, rules, gate, TrainingEvents.NONE);

        assertEquals(List.of(String.format(Locale.ROOT,
                "validationAccuracy is %s, but expected minimum is 0.999 (short by %s)",
                new java.math.BigDecimal(Double.toString(result.accuracy())).setScale(4, java.math.RoundingMode.FLOOR),
                new java.math.BigDecimal(Double.toString(0.999 - result.accuracy()))
                        .setScale(4, java.math.RoundingMode.CEILING))), gate.violations());
        JsonObject metrics = JsonParser.parseString(Files.readString(out.resolve("metrics.json"))).getAsJsonObject();
        assertEquals(result.accuracy(), metrics.get("accuracy").getAsDouble(), 0);
        assertEquals(result.loss(), metrics.get("loss").getAsDouble(), 0);
        assertEquals(result.metrics().macroF1(), metrics.get("macroF1").getAsDouble(), 0);
        assertEquals(200, metrics.get("testImages").getAsInt());
        assertEquals("idx", metrics.getAsJsonObject("testSet").get("format").getAsString());
        assertEquals(trained.archive().toString(), metrics.get("model").getAsString());
        assertEquals(result.modelSha256(), metrics.get("modelSha256").getAsString());
        assertEquals(gate.violations().get(0),
                metrics.getAsJsonObject("qualityGate").getAsJsonArray("violations").get(0).getAsString());
        assertEquals(200, metrics.getAsJsonObject("classification").getAsJsonObject("confusionMatrix")
                .getAsJsonArray("rows").asList().stream().flatMap(r -> r.getAsJsonArray().asList().stream())
                .mapToInt(c -> c.getAsInt()).sum());
        List<String> csv = Files.readAllLines(out.resolve("test-predictions.csv"));
        assertEquals(201, csv.size());
        assertEquals("image,label,predicted,probability", csv.get(0));
        assertEquals("validation-images-idx3-ubyte.gz#0," + result.classNames().get(result.images().images().get(0)
                .label()) + "," + result.classNames().get(result.predicted()[0]) + "," + result.probability()[0],
                csv.get(1));
        String html = Files.readString(report);
        assertEquals(out.resolve("report.html"), report);
        assertTrue(html.contains(String.format(Locale.ROOT, "<b>%.4f</b>test accuracy", result.accuracy())), "headline");
        assertTrue(html.contains("<li>FAILED: " + gate.violations().get(0) + "</li>"), "gate in the report");
        assertFalse(html.contains("Learning curves"), "no training in this run");
    }

    @Test
    void evaluate_should_fail_clearly_when_the_model_is_missing_or_not_an_archive() throws IOException {
        Path text = Files.writeString(out.resolve("model.txt"), "not a model");
        LabeledImages images = fashion.load();

        ClassifierException missing = assertThrows(ClassifierException.class,
                () -> new ModelEvaluation(TrainingEvents.NONE).evaluate(out.resolve("none.zip"), images));
        ClassifierException notArchive = assertThrows(ClassifierException.class,
                () -> new ModelEvaluation(TrainingEvents.NONE).evaluate(text, images));

        assertEquals(out.resolve("none.zip") + " does not exist. Give a model archive (.zip) or model directory; to"
                + " score this project's own model, run transfer:train first (mvn package).", missing.getMessage());
        assertEquals(text + " is neither a model archive (.zip, .tar.gz, .tgz, .tar) nor a model directory. Give a"
                + " model archive written by transfer:train (…-model.zip).", notArchive.getMessage());
    }

    @Test
    void evaluate_should_fail_clearly_when_the_archive_holds_no_model() throws IOException {
        Path zip = out.resolve("empty.zip");
        // An empty zip: end-of-central-directory record only.
        Files.write(zip, new byte[] {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        LabeledImages images = fashion.load();

        ClassifierException e = assertThrows(ClassifierException.class,
                () -> new ModelEvaluation(TrainingEvents.NONE).evaluate(zip, images));

        assertTrue(e.getMessage().startsWith(zip + " has no serving.properties, so it does not say which network it"
                + " holds. The plugin builds networks only with its own classes"), e.getMessage());
    }

    private static List<Classifications> plainDjl(Path archive, LabeledImages images) throws Exception {
        Criteria<Image, Classifications> criteria = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelUrls(archive.toUri().toString())
                .optEngine("PyTorch")
                .build();
        List<Image> decoded = images.images().stream().map(LabeledImage::decode).toList();
        try (ZooModel<Image, Classifications> model = criteria.loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            return predictor.batchPredict(decoded);
        }
    }
}
