package io.github.transferml.transfer.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.Classifications.Classification;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.github.transferml.transfer.TestArchives;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.archive.ModelArchive;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.data.DatasetException;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.train.TrainingResult;
import io.github.transferml.transfer.train.TransferTraining;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classifies real images with a real archive: a resnet20 trained for one epoch on the Fashion-MNIST
 * subset, once for the class. Its classes are the ten fashion names; the digit images it classifies
 * are just images to it.
 */
class FolderPredictorTest {

    private static final Path DIGITS = TestData.root().resolve("digits/validation");
    /** 20 valid digits, for tests that need not classify all 100. */
    private static final Path FEW = TestData.root().resolve("corrupt/validation");
    private static final String HEADER = "file,class,probability,class2,probability2,class3,probability3";

    @TempDir
    static Path shared;

    private static Path archive;
    private static List<String> fashionClasses;
    /** The digits classified with the defaults, once for the class. */
    private static Path defaultCsv;
    private static PredictionSummary defaultSummary;

    @TempDir
    Path out;

    @BeforeAll
    static void trainBase() throws IOException {
        TrainingResult base = new TransferTraining(TestData.request(shared.resolve("base"),
                new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE, "resnet20", null), TestData.fashionIdx())
                .optEpochs(1).build(), null, TrainingEvents.NONE, "test").run();
        archive = base.archive();
        fashionClasses = TestData.fashionIdx().classNames();
        defaultCsv = shared.resolve("default/predictions.csv");
        defaultSummary = predict(PredictionRequest.builder()
                .setModel(archive).setInputDirectory(DIGITS).setOutputFile(defaultCsv).build());
    }

    private PredictionRequest.Builder request(Path input) {
        return PredictionRequest.builder()
                .setModel(archive)
                .setInputDirectory(input)
                .setOutputFile(out.resolve("transfer/predictions.csv"));
    }

    private static PredictionSummary predict(PredictionRequest request) throws IOException {
        return new FolderPredictor(line -> {}).predict(request);
    }

    @Test
    void predict_should_write_a_header_and_one_row_per_image_sorted_by_path() throws IOException {
        List<String> lines = Files.readAllLines(defaultCsv);
        assertEquals(101, lines.size());
        assertEquals(HEADER, lines.get(0));
        List<String> files = lines.stream().skip(1).map(line -> line.split(",")[0]).toList();
        assertEquals("0/0_0030.png", files.get(0));
        assertEquals(files.stream().sorted().toList(), files);
        assertEquals(100, files.stream().distinct().count());
        assertTrue(lines.stream().skip(1).allMatch(line -> line.split(",").length == 7), lines.toString());
        assertEquals(100, defaultSummary.images());
        assertEquals(defaultCsv, defaultSummary.outputFile());
    }

    @Test
    void predict_should_give_each_image_what_a_plain_djl_predictor_gives() throws Exception {
        List<List<String>> rows = rows(defaultCsv);
        Criteria<Image, Classifications> criteria = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelUrls(archive.toUri().toString())
                .optEngine("PyTorch")
                .build();
        try (ZooModel<Image, Classifications> model = criteria.loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            List<Image> images = new ArrayList<>();
            for (List<String> row : rows) {
                images.add(ImageFactory.getInstance().fromFile(DIGITS.resolve(row.get(0))));
            }
            List<Classifications> predictions = predictor.batchPredict(images);
            for (int i = 0; i < rows.size(); i++) {
                List<String> row = rows.get(i);
                List<Classification> expected = predictions.get(i).topK(3);
                for (int rank = 0; rank < 3; rank++) {
                    assertEquals(expected.get(rank).getClassName(), row.get(1 + 2 * rank), row.toString());
                    assertEquals(expected.get(rank).getProbability(), Double.parseDouble(row.get(2 + 2 * rank)), 1e-6,
                            row.toString());
                }
            }
        }
    }

    @Test
    void predict_should_list_top_k_classes_by_falling_probability_from_the_model_classes() throws IOException {
        for (List<String> row : rows(defaultCsv)) {
            double sum = 0;
            double previous = 1;
            for (int rank = 0; rank < 3; rank++) {
                assertTrue(fashionClasses.contains(row.get(1 + 2 * rank)), row.toString());
                double p = Double.parseDouble(row.get(2 + 2 * rank));
                assertTrue(p >= 0 && p <= previous, row.toString());
                previous = p;
                sum += p;
            }
            assertTrue(sum <= 1 + 1e-6, row.toString());
            assertEquals(3, row.stream().skip(1).filter(fashionClasses::contains).distinct().count(), row.toString());
        }
    }

    @Test
    void predict_should_count_the_most_likely_classes_in_the_model_class_order() throws IOException {
        PredictionSummary summary = defaultSummary;
        List<List<String>> rows = rows(defaultCsv);
        Map<String, Integer> expected = new TreeMap<>();
        rows.forEach(row -> expected.merge(row.get(1), 1, Integer::sum));
        assertEquals(expected, new TreeMap<>(summary.classCounts()));
        List<String> order = new ArrayList<>(summary.classCounts().keySet());
        assertEquals(fashionClasses.stream().filter(order::contains).toList(), order);
        assertEquals(100, summary.classCounts().values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void predict_should_list_at_most_the_model_classes() throws IOException {
        predict(request(FEW).optTopK(50).build());

        List<String> lines = Files.readAllLines(out.resolve("transfer/predictions.csv"));
        assertTrue(lines.get(0).endsWith(",class10,probability10"), lines.get(0));
        assertEquals(21, lines.get(0).split(",").length);
        for (List<String> row : rows(out.resolve("transfer/predictions.csv"))) {
            assertEquals(21, row.size());
            double sum = 0;
            for (int rank = 0; rank < 10; rank++) {
                sum += Double.parseDouble(row.get(2 + 2 * rank));
            }
            assertEquals(1, sum, 1e-5, "all classes listed: " + row);
        }
    }

    @Test
    void predict_with_top_1_should_write_three_columns() throws IOException {
        predict(request(FEW).optTopK(1).build());

        List<String> lines = Files.readAllLines(out.resolve("transfer/predictions.csv"));
        assertEquals("file,class,probability", lines.get(0));
        assertTrue(lines.stream().allMatch(line -> line.split(",").length == 3), lines.toString());
    }

    @Test
    void predict_should_give_the_same_results_whatever_the_batch_size() throws IOException {
        predict(request(FEW).optBatchSize(3).build());
        List<List<String>> small = rows(out.resolve("transfer/predictions.csv"));
        predict(request(FEW).optBatchSize(20).build());
        List<List<String>> large = rows(out.resolve("transfer/predictions.csv"));

        assertEquals(small.size(), large.size());
        for (int i = 0; i < small.size(); i++) {
            assertEquals(small.get(i).get(1), large.get(i).get(1));
            assertEquals(Double.parseDouble(small.get(i).get(2)), Double.parseDouble(large.get(i).get(2)), 1e-6);
        }
    }

    @Test
    void predict_should_report_progress_every_tenth_of_a_large_folder() throws IOException {
        List<String> progress = new ArrayList<>();

        new FolderPredictor(progress::add).predict(request(FEW).optBatchSize(2).build());

        assertEquals("Classifying 20 images in " + FEW + " with " + archive, progress.get(0));
        assertEquals(11, progress.size(), progress.toString());
        assertTrue(progress.get(1).startsWith("Classifying: 2/20 images (10%), "), progress.get(1));
        assertTrue(progress.get(10).startsWith("Classifying: 20/20 images (100%), "), progress.get(10));
    }

    @Test
    void predict_should_search_sub_folders_and_skip_hidden_and_other_files() throws IOException {
        Path input = out.resolve("images");
        copy(DIGITS.resolve("7/7_0030.png"), input.resolve("b.png"));
        copy(DIGITS.resolve("1/1_0030.png"), input.resolve("a/deeper/z.PNG"));
        copy(DIGITS.resolve("2/2_0030.png"), input.resolve("a.png"));
        copy(DIGITS.resolve("3/3_0030.png"), input.resolve(".thumbnails/a.png"));
        copy(DIGITS.resolve("4/4_0030.png"), input.resolve(".hidden.png"));
        Files.writeString(input.resolve("README.txt"), "not an image");

        PredictionSummary summary = predict(request(input).build());

        assertEquals(List.of("a.png", "a/deeper/z.PNG", "b.png"),
                rows(out.resolve("transfer/predictions.csv")).stream().map(row -> row.get(0)).toList());
        assertEquals(3, summary.images());
    }

    @Test
    void predict_should_quote_file_and_class_names_that_hold_commas_or_quotes() throws IOException {
        Path input = out.resolve("images");
        copy(DIGITS.resolve("7/7_0030.png"), input.resolve("shoes, boots/left.png"));
        Path renamed = withClasses(out.resolve("renamed.zip"), fashionClasses.stream()
                .map(name -> Map.of("trouser", "trouser, long", "ankle_boot", "ankle \"boot\"").getOrDefault(name, name))
                .toList());

        predict(request(input).setModel(renamed).optTopK(10).build());

        String row = Files.readAllLines(out.resolve("transfer/predictions.csv")).get(1);
        assertTrue(row.startsWith("\"shoes, boots/left.png\","), row);
        assertTrue(row.contains(",\"trouser, long\","), row);
        assertTrue(row.contains(",\"ankle \"\"boot\"\"\","), row);
        List<String> fields = rows(out.resolve("transfer/predictions.csv")).get(0);
        assertEquals("shoes, boots/left.png", fields.get(0));
        assertTrue(fields.contains("trouser, long") && fields.contains("ankle \"boot\""), fields.toString());
    }

    @Test
    void predict_should_read_the_archive_now_at_the_path_after_it_was_replaced() throws IOException {
        Path model = out.resolve("model.zip");
        TestArchives.untrainedResnet(model, 1);
        predict(request(FEW).setModel(model).build());
        String first = Files.readString(out.resolve("transfer/predictions.csv"));
        TestArchives.untrainedResnet(model, 2);

        predict(request(FEW).setModel(model).build());

        assertNotEquals(first, Files.readString(out.resolve("transfer/predictions.csv")));
    }

    @Test
    void predict_should_name_a_corrupt_image_and_leave_an_earlier_csv_as_it_was() throws IOException {
        Path csv = out.resolve("transfer/predictions.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, "earlier\n");
        Path corrupt = TestData.root().resolve("corrupt/train");

        DatasetException e = assertThrows(DatasetException.class, () -> predict(request(corrupt).build()));

        assertTrue(e.getMessage().startsWith("Cannot decode image " + corrupt.resolve("3/broken.png") + " ("),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(
                "). Replace it with a valid PNG, JPEG, BMP or GIF file, or remove it."), e.getMessage());
        assertEquals("earlier\n", Files.readString(csv));
        try (Stream<Path> files = Files.list(csv.getParent())) {
            assertEquals(List.of(csv), files.toList());
        }
    }

    @Test
    void predict_should_refuse_an_image_above_the_limit_naming_its_path() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> predict(request(FEW).optMaxImagePixels(783).build()));

        assertEquals("Image " + FEW.resolve("0/0_0005.png") + " declares 28 x 28 = 784 pixels, more than"
                + " <maxImagePixels> allows (783). Downscale the image, or raise the limit with"
                + " -Dtransfer.maxImagePixels=784 or <maxImagePixels>784</maxImagePixels>.", e.getMessage());
        assertFalse(Files.exists(out.resolve("transfer/predictions.csv")));
    }

    @Test
    void predict_should_write_nothing_when_an_image_is_corrupt() {
        Path corrupt = TestData.root().resolve("corrupt/train");

        assertThrows(DatasetException.class, () -> predict(request(corrupt).build()));

        assertFalse(Files.exists(out.resolve("transfer/predictions.csv")));
    }

    @Test
    void predict_should_name_a_folder_without_images() throws IOException {
        Path empty = Files.createDirectories(out.resolve("empty/sub"));
        Files.writeString(empty.resolve("notes.txt"), "no images here");

        DatasetException e = assertThrows(DatasetException.class, () -> predict(request(empty.getParent()).build()));

        assertEquals("The folder " + empty.getParent() + " holds no image (*.bmp, *.gif, *.jpeg, *.jpg, *.png,"
                + " sub-folders included). Point it at the folder of images to classify.", e.getMessage());
        assertFalse(Files.exists(out.resolve("transfer/predictions.csv")));
    }

    @Test
    void predict_should_name_an_image_link_that_leads_nowhere() throws IOException {
        Path broken = Files.createDirectories(out.resolve("images/sub")).resolve("moved.png");
        Files.createSymbolicLink(broken, Path.of("../../elsewhere/moved.png"));

        DatasetException e = assertThrows(DatasetException.class,
                () -> predict(request(out.resolve("images")).build()));

        assertEquals("Image " + broken + " is a symbolic link that leads nowhere (broken, or a loop); fix the link or"
                + " remove it.", e.getMessage());
    }

    @Test
    void predict_should_name_a_missing_folder() {
        Path missing = out.resolve("nowhere");

        DatasetException e = assertThrows(DatasetException.class, () -> predict(request(missing).build()));

        assertEquals("The folder " + missing + " does not exist. Point it at a folder of images (PNG, JPEG, BMP or"
                + " GIF; sub-folders are searched too).", e.getMessage());
    }

    @Test
    void predict_should_name_a_missing_model() {
        Path missing = out.resolve("none-model.zip");

        PredictionException e = assertThrows(PredictionException.class,
                () -> predict(request(DIGITS).setModel(missing).build()));

        assertEquals("The model " + missing + " does not exist. Give a model archive written by transfer:train"
                + " (…-model.zip).", e.getMessage());
    }

    @Test
    void predict_should_say_when_a_file_is_no_image_classifier() throws IOException {
        Path notAModel = Files.writeString(out.resolve("notes.zip"), "not a zip");

        PredictionException e = assertThrows(PredictionException.class,
                () -> predict(request(DIGITS).setModel(notAModel).build()));

        assertEquals("Cannot extract " + notAModel + ": Archive is not a ZIP archive. Give a model archive written by"
                + " transfer:train (…-model.zip).", e.getMessage());
    }

    @Test
    void build_should_reject_top_k_and_batch_size_below_one() {
        ConfigurationException topK = assertThrows(ConfigurationException.class,
                () -> request(DIGITS).optTopK(0).build());
        ConfigurationException batch = assertThrows(ConfigurationException.class,
                () -> request(DIGITS).optBatchSize(-1).build());

        assertEquals("<topK> must be at least 1, not 0", topK.getMessage());
        assertEquals("<batchSize> must be at least 1, not -1", batch.getMessage());
        assertEquals("<maxImagePixels> must be at least 1, not 0", assertThrows(ConfigurationException.class,
                () -> request(DIGITS).optMaxImagePixels(0).build()).getMessage());
    }

    @Test
    void describe_should_show_paths_relative_to_the_base_and_the_counts() {
        Path base = Path.of("/work/project");
        PredictionSummary summary = new PredictionSummary(27, Map.of("bag", 27), base.resolve("src/images"),
                base.resolve("target/transfer/predictions.csv"));
        PredictionSummary elsewhere = new PredictionSummary(1, Map.of("bag", 1), Path.of("/data/x"),
                base.resolve("target/p.csv"));

        assertEquals("Classified 27 images in src/images to target/transfer/predictions.csv: bag (27)",
                summary.describe(base));
        assertEquals("Classified 1 image in /data/x to target/p.csv: bag (1)", elsewhere.describe(base));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    /** The archive with other class names, to see how the CSV writes them. */
    private static Path withClasses(Path target, List<String> classes) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                entries.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
            }
        }
        entries.put("synset.txt", (String.join("\n", classes) + "\n").getBytes(StandardCharsets.UTF_8));
        ModelArchive.write(target, entries, Instant.parse("2026-01-01T00:00:00Z"));
        return target;
    }

    /** The rows after the header, split into fields as RFC 4180 says. */
    private static List<List<String>> rows(Path csv) throws IOException {
        String text = Files.readString(csv);
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        return rows.subList(1, rows.size());
    }
}
