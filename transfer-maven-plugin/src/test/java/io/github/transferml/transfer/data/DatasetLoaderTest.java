package io.github.transferml.transfer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.DatasetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        for (String image : List.of("one/train/a/1.png", "one/train/b/1.png", "one/validation/a/1.png",
                "one/validation/b/1.png", "two/train/a/1.png", "two/train/b/1.png", "two/validation/a/1.png",
                "two/validation/b/1.png")) {
            copyDigit(image);
        }
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
        for (String image : List.of("three/train/a/1.png", "three/train/b/1.png", "three/validation/a/1.png",
                "three/validation/b/1.png")) {
            copyDigit(image);
        }
        DatasetSpec spec = folders(dir.resolve("three/train"), dir.resolve("three/validation"), null);
        TrainValidation before = DatasetLoader.load(spec, 1);
        Files.writeString(dir.resolve("three/train/README.md"), "notes beside the data are not read");
        Files.writeString(dir.resolve("three/train/a/notes.txt"), "neither is this");
        TrainValidation stray = DatasetLoader.load(spec, 1);
        copyDigit("three/train/a/2.png");
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
}
