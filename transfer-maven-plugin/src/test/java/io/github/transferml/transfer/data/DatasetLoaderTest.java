package io.github.transferml.transfer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.DatasetSpec;
import io.github.transferml.transfer.config.PixelLimit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {

    private static final Path A_DIGIT = TestData.root().resolve("digits/train/3/3_0000.png");

    @TempDir
    Path dir;

    @Test
    void load_should_fail_listing_missing_and_unexpected_validation_classes() throws IOException {
        for (String image : List.of("train/a/1.png", "train/b/1.png", "train/c/1.png",
                "validation/a/1.png", "validation/b/1.png", "validation/d/1.png", "validation/e/1.png")) {
            copyDigit(image);
        }
        DatasetSpec spec = folders(dir.resolve("train"), dir.resolve("validation"), null);

        DatasetException e = assertThrows(DatasetException.class, () -> DatasetLoader.load(spec, 1));

        assertEquals("<dataset.validationDirectory> " + dir.resolve("validation") + " must have the same class"
                + " folders as the training data; missing: [c], unexpected: [d, e]. Give both folders the same class"
                + " sub-folders.", e.getMessage());
    }

    @Test
    void load_should_read_separate_validation_folders() {
        TrainValidation data = DatasetLoader.load(TestData.digitFolders(), 1);

        assertEquals(300, data.train().size());
        assertEquals(100, data.validation().size());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), data.classNames());
        assertEquals("0/0_0030.png", data.validation().images().get(0).id());
    }

    @Test
    void load_should_hold_out_a_seeded_split_when_there_is_no_validation_data() {
        DatasetSpec spec = folders(TestData.root().resolve("digits/train"), null, 0.2);

        TrainValidation data = DatasetLoader.load(spec, 7);

        assertEquals(240, data.train().size());
        assertEquals(60, data.validation().size());
        assertEquals(ids(data.validation()), ids(DatasetLoader.load(spec, 7).validation()));
    }

    @Test
    void load_should_digest_the_data_files_independently_of_where_they_are() throws IOException {
        copyDigits("one/train/a/1.png", "one/train/b/1.png", "one/validation/a/1.png", "one/validation/b/1.png");
        copyDigits("two/train/a/1.png", "two/train/b/1.png", "two/validation/a/1.png", "two/validation/b/1.png");
        String one = DatasetLoader.load(folders(dir.resolve("one/train"), dir.resolve("one/validation"), null), 1)
                .digest();
        String two = DatasetLoader.load(folders(dir.resolve("two/train"), dir.resolve("two/validation"), null), 1)
                .digest();
        Files.writeString(dir.resolve("two/train/b/1.png"), "changed");
        String changed =
                DatasetLoader.load(folders(dir.resolve("two/train"), dir.resolve("two/validation"), null), 1)
                        .digest();

        assertEquals(one, two);
        assertNotEquals(one, changed);
    }

    @Test
    void load_should_digest_exactly_the_files_it_reads_and_name_them_by_role() throws IOException {
        copyDigits("three/train/a/1.png", "three/train/b/1.png", "three/validation/a/1.png",
                "three/validation/b/1.png");
        DatasetSpec spec = folders(dir.resolve("three/train"), dir.resolve("three/validation"), null);
        TrainValidation before = DatasetLoader.load(spec, 1);
        Files.writeString(dir.resolve("three/train/README.md"), "notes beside the data are not read");
        Files.writeString(dir.resolve("three/train/a/notes.txt"), "neither is this");
        TrainValidation stray = DatasetLoader.load(spec, 1);
        Files.copy(digit(7), dir.resolve("three/train/a/2.png"));
        TrainValidation added = DatasetLoader.load(spec, 1);

        assertEquals(List.of("train/a/1.png", "train/b/1.png", "validation/a/1.png", "validation/b/1.png"),
                List.copyOf(before.files().files().keySet()));
        assertEquals(before.digest(), stray.digest());
        assertNotEquals(before.digest(), added.digest());
        assertEquals("1 file added", added.files().changesSince(before.files()));
    }

    @Test
    void load_should_fail_naming_idx_training_files_without_records() throws IOException {
        Path images = Files.write(dir.resolve("images.idx"),
                new byte[] {0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28});
        Path labels = Files.write(dir.resolve("labels.idx"), new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        DatasetSpec spec = new DatasetSpec(DatasetSpec.Format.IDX, null, null, 0.2, images, labels, null, null,
                List.of("a", "b"));

        DatasetException e = assertThrows(DatasetException.class, () -> DatasetLoader.load(spec, 1));

        assertEquals("<dataset.trainImages> " + images + " holds no images; give IDX files with at least one record"
                + " per class.", e.getMessage());
    }

    @Test
    void load_should_fail_when_no_class_has_two_images_to_split() throws IOException {
        copyDigit("train/a/1.png");
        copyDigit("train/b/1.png");

        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetLoader.load(folders(dir.resolve("train"), null, 0.5), 1));

        assertEquals("<dataset.validationSplit> holds out no image: it holds out only from classes with at least 2"
                + " images. Add images, or give separate validation data.", e.getMessage());
    }

    @Test
    void load_should_carve_a_seeded_stratified_test_split_before_the_validation_split() {
        Path train = TestData.root().resolve("digits/train");
        DatasetSpec spec = folders(train, null, 0.2).withTestSplit(0.2);

        TrainValidation data = DatasetLoader.load(spec, 7);

        // 30 per class: 6 tested, then 5 of the other 24 validated, 19 trained.
        assertArrayEquals(new int[] {6, 6, 6, 6, 6, 6, 6, 6, 6, 6}, data.test().countPerClass());
        assertArrayEquals(new int[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, data.validation().countPerClass());
        assertArrayEquals(new int[] {19, 19, 19, 19, 19, 19, 19, 19, 19, 19}, data.train().countPerClass());
        Set<String> all = new HashSet<>(ids(data.train()));
        all.addAll(ids(data.validation()));
        all.addAll(ids(data.test()));
        assertEquals(300, all.size(), "the three parts are disjoint and lose nothing");
        LabeledImages everything = ImageFolderReader.read(train, data.classNames(), "t", PixelLimit.DEFAULT);
        assertEquals(ids(ValidationSplit.split(everything, 0.2, 7)[1]), ids(data.test()), "the same split, seeded");
        assertEquals(ids(data.test()), ids(DatasetLoader.load(spec, 7).test()));
        assertNotEquals(ids(data.test()), ids(DatasetLoader.load(spec, 8).test()));
    }

    @Test
    void load_should_hold_out_the_same_test_images_however_validation_data_is_obtained() {
        Path train = TestData.root().resolve("digits/train");

        TrainValidation split = DatasetLoader.load(folders(train, null, 0.3).withTestSplit(0.2), 7);
        TrainValidation folder = DatasetLoader.load(
                folders(train, TestData.root().resolve("digits/validation"), null).withTestSplit(0.2), 7);

        assertEquals(ids(split.test()), ids(folder.test()));
        assertEquals(240, folder.train().size());
        assertEquals(100, folder.validation().size());
    }

    @Test
    void load_should_have_no_test_images_without_a_test_set() {
        TrainValidation data = DatasetLoader.load(TestData.digitFolders(), 1);

        assertFalse(data.hasTest());
        assertEquals(0, data.test().size());
        assertEquals(data.classNames(), data.test().classNames());
    }

    @Test
    void load_should_read_a_test_folder_and_digest_its_files_by_role() {
        DatasetSpec withoutTest = folders(TestData.root().resolve("digits/train"), null, 0.2);
        DatasetSpec spec = withoutTest.withTestDirectory(TestData.root().resolve("digits/validation"));

        TrainValidation data = DatasetLoader.load(spec, 7);

        assertEquals(100, data.test().size());
        assertEquals(240, data.train().size());
        assertEquals(60, data.validation().size());
        assertEquals("0/0_0030.png", data.test().images().get(0).id());
        assertTrue(data.files().files().containsKey("test/0/0_0030.png"));
        assertEquals(400, data.files().files().size());
        assertEquals("100 files added", data.files().changesSince(DatasetLoader.load(withoutTest, 7).files()));
    }

    @Test
    void load_should_fail_listing_missing_and_unexpected_test_classes() throws IOException {
        copyDigits("train/a/1.png", "train/b/1.png", "test/a/1.png", "test/c/1.png");
        DatasetSpec spec = folders(dir.resolve("train"), null, 0.5).withTestDirectory(dir.resolve("test"));

        DatasetException e = assertThrows(DatasetException.class, () -> DatasetLoader.load(spec, 1));

        assertEquals("<dataset.testDirectory> " + dir.resolve("test") + " must have the same class folders as the"
                + " training data; missing: [b], unexpected: [c]. Give both folders the same class sub-folders.",
                e.getMessage());
    }

    @Test
    void load_should_fail_when_the_validation_folder_is_the_training_folder() {
        Path train = TestData.root().resolve("digits/train");
        DatasetSpec spec = folders(train, train.resolve("../train"), null);

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> DatasetLoader.load(spec, 1));

        assertEquals("<dataset.validationDirectory> " + train.resolve("../train") + " is the training folder"
                + " (<dataset.trainDirectory>). Held-out images must be ones the model never trained on or was chosen"
                + " by: point it at other images.", e.getMessage());
    }

    @Test
    void load_should_fail_when_the_test_folder_is_the_validation_folder() {
        Path validation = TestData.root().resolve("digits/validation");
        DatasetSpec spec = TestData.digitFolders().withTestDirectory(validation);

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> DatasetLoader.load(spec, 1));

        assertEquals("<dataset.testDirectory> " + validation + " is the validation folder"
                + " (<dataset.validationDirectory>). Held-out images must be ones the model never trained on or was"
                + " chosen by: point it at other images.", e.getMessage());
    }

    @Test
    void load_should_fail_naming_a_file_copied_from_the_training_folder_into_the_test_folder() throws IOException {
        copyDigits("train/a/1.png", "train/b/1.png", "train/b/2.png");
        copyDigits("test/b/copy.png", "test/a/other.png"); // the first is a copy of train/a/1.png
        Files.copy(digit(5), dir.resolve("test/a/5.png"));
        DatasetSpec spec = folders(dir.resolve("train"), null, 0.5).withTestDirectory(dir.resolve("test"));

        DatasetException e = assertThrows(DatasetException.class, () -> DatasetLoader.load(spec, 1));

        assertEquals("<dataset.testDirectory> " + dir.resolve("test") + " shares 2 files with"
                + " <dataset.trainDirectory> " + dir.resolve("train") + " (same bytes): test/a/other.png ="
                + " train/b/1.png, test/b/copy.png = train/a/1.png. Held-out images must be ones the model never"
                + " trained on or was chosen by: remove the copies from one of them.", e.getMessage());
    }

    @Test
    void load_should_name_the_first_three_shared_files_and_count_them_all() throws IOException {
        copyDigits("train/a/1.png", "train/a/2.png", "train/b/1.png", "train/b/2.png");
        copyDigits("validation/a/1.png", "validation/a/2.png", "validation/b/1.png", "validation/b/2.png");
        DatasetSpec spec = folders(dir.resolve("train"), dir.resolve("validation"), null);

        DatasetException e = assertThrows(DatasetException.class, () -> DatasetLoader.load(spec, 1));

        assertEquals("<dataset.validationDirectory> " + dir.resolve("validation") + " shares 4 files with"
                + " <dataset.trainDirectory> " + dir.resolve("train") + " (same bytes): validation/a/1.png ="
                + " train/a/1.png, validation/a/2.png = train/a/2.png, validation/b/1.png = train/b/1.png, …."
                + " Held-out images must be ones the model never trained on or was chosen by: remove the copies from"
                + " one of them.", e.getMessage());
    }

    @Test
    void load_should_fail_naming_a_file_shared_by_the_test_and_validation_folders() throws IOException {
        copyDigits("train/a/1.png", "train/b/1.png");
        Files.createDirectories(dir.resolve("validation/a"));
        Files.createDirectories(dir.resolve("validation/b"));
        Files.copy(digit(2), dir.resolve("validation/a/1.png"));
        Files.copy(digit(3), dir.resolve("validation/b/1.png"));
        Files.createDirectories(dir.resolve("test/a"));
        Files.createDirectories(dir.resolve("test/b"));
        Files.copy(digit(4), dir.resolve("test/a/1.png"));
        Files.copy(digit(3), dir.resolve("test/b/1.png"));
        DatasetSpec spec = folders(dir.resolve("train"), dir.resolve("validation"), null)
                .withTestDirectory(dir.resolve("test"));

        DatasetException e = assertThrows(DatasetException.class, () -> DatasetLoader.load(spec, 1));

        assertEquals("<dataset.testDirectory> " + dir.resolve("test") + " shares 1 file with"
                + " <dataset.validationDirectory> " + dir.resolve("validation") + " (same bytes): test/b/1.png ="
                + " validation/b/1.png. Held-out images must be ones the model never trained on or was chosen by:"
                + " remove the copies from one of them.", e.getMessage());
    }

    @Test
    void load_should_read_idx_test_files_and_refuse_the_training_file_as_test_data() {
        DatasetSpec fashion = TestData.fashionIdx();
        DatasetSpec spec = new DatasetSpec(DatasetSpec.Format.IDX, null, null, 0.2, fashion.trainImages(),
                fashion.trainLabels(), null, null, fashion.classNames(), null, null, fashion.validationImages(),
                fashion.validationLabels());
        DatasetSpec same = new DatasetSpec(DatasetSpec.Format.IDX, null, null, 0.2, fashion.trainImages(),
                fashion.trainLabels(), null, null, fashion.classNames(), null, null, fashion.trainImages(),
                fashion.trainLabels());

        TrainValidation data = DatasetLoader.load(spec, 1);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> DatasetLoader.load(same, 1));

        assertEquals(200, data.test().size());
        assertEquals(800, data.train().size());
        assertTrue(data.files().files().containsKey("testImages/validation-images-idx3-ubyte.gz"));
        assertEquals("<dataset.testImages> " + fashion.trainImages() + " is the training image file"
                + " (<dataset.trainImages>). Held-out images must be ones the model never trained on or was chosen"
                + " by: point it at other images.", e.getMessage());
    }

    @Test
    void load_should_fail_when_the_test_split_holds_out_nothing() throws IOException {
        copyDigits("train/a/1.png", "train/b/1.png", "validation/a/1.png", "validation/b/1.png");
        DatasetSpec spec = folders(dir.resolve("train"), dir.resolve("validation"), null).withTestSplit(0.5);

        DatasetException e = assertThrows(DatasetException.class, () -> DatasetLoader.load(spec, 1));

        assertEquals("<dataset.testSplit> holds out no image: it holds out only from classes with at least 2 images."
                + " Add images, or give separate test data.", e.getMessage());
    }

    private static DatasetSpec folders(Path train, Path validation, Double split) {
        return new DatasetSpec(DatasetSpec.Format.FOLDER, train, validation, split, null, null, null, null, null);
    }

    private static List<String> ids(LabeledImages images) {
        return images.images().stream().map(LabeledImage::id).toList();
    }

    private void copyDigit(String name) throws IOException {
        Path target = dir.resolve(name);
        Files.createDirectories(target.getParent());
        Files.copy(A_DIGIT, target);
    }

    /** Copies a different digit to each name (the same digits in the same order on every call): no two are copies. */
    private void copyDigits(String... names) throws IOException {
        for (int i = 0; i < names.length; i++) {
            Path target = dir.resolve(names[i]);
            Files.createDirectories(target.getParent());
            Files.copy(digit(i), target);
        }
    }

    /** @return the first training image of digit {@code d} */
    private static Path digit(int d) {
        return TestData.root().resolve("digits/train/" + d + "/" + d + "_0000.png");
    }
}
