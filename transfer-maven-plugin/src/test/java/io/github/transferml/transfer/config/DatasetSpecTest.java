package io.github.transferml.transfer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DatasetSpecTest {

    private static final Path TRAIN = Path.of("train");
    private static final Path VALIDATION = Path.of("validation");
    private static final Path IMAGES = Path.of("images.idx");
    private static final Path LABELS = Path.of("labels.idx");
    private static final List<String> CLASSES = List.of("a", "b");

    private static DatasetSpec folders(Path train, Path validation, Double split) {
        return new DatasetSpec(DatasetSpec.Format.FOLDER, train, validation, split, null, null, null, null, null);
    }

    private static DatasetSpec idx(Path validationImages, Path validationLabels, Double split, List<String> classes) {
        return new DatasetSpec(DatasetSpec.Format.IDX, null, null, split, IMAGES, LABELS,
                validationImages, validationLabels, classes);
    }

    private static void assertConfigurationError(String message, Executable create) {
        ConfigurationException e = assertThrows(ConfigurationException.class, create);
        assertEquals(message, e.getMessage());
    }

    @Test
    void folders_should_accept_a_validation_directory_or_a_split() {
        assertEquals(VALIDATION, folders(TRAIN, VALIDATION, null).validationDirectory());
        assertEquals(0.2, folders(TRAIN, null, 0.2).validationSplit());
        assertEquals(List.of(), folders(TRAIN, null, 0.2).classNames());
    }

    @Test
    void folders_should_require_validation_data() {
        assertConfigurationError(
                "<dataset> needs <validationDirectory> or <validationSplit> (e.g. 0.2) for validation data",
                () -> folders(TRAIN, null, null));
    }

    @Test
    void folders_should_require_a_training_directory() {
        assertConfigurationError(
                "<dataset.trainDirectory> is required: a folder with one sub-folder of images per class",
                () -> folders(null, VALIDATION, null).requireTrainDirectory());
    }

    @Test
    void validation_split_should_be_strictly_between_zero_and_one() {
        assertConfigurationError("<dataset.validationSplit> must be between 0 and 1 (exclusive), not 1.0",
                () -> folders(TRAIN, null, 1.0));
        assertConfigurationError("<dataset.validationSplit> must be between 0 and 1 (exclusive), not 0.0",
                () -> folders(TRAIN, null, 0.0));
    }

    @Test
    void validation_split_should_not_be_combined_with_validation_data() {
        assertConfigurationError(
                "<dataset.validationSplit> cannot be combined with separate validation data; remove one of them",
                () -> folders(TRAIN, VALIDATION, 0.2));
        assertConfigurationError(
                "<dataset.validationSplit> cannot be combined with separate validation data; remove one of them",
                () -> idx(IMAGES, LABELS, 0.2, CLASSES));
    }

    @Test
    void idx_should_require_validation_data() {
        assertConfigurationError(
                "<dataset> needs <validationImages>/<validationLabels> or <validationSplit> for validation data",
                () -> idx(null, null, null, CLASSES));
    }

    @Test
    void idx_should_require_validation_images_and_labels_together() {
        assertConfigurationError("<dataset.validationImages> and <validationLabels> must be given together",
                () -> idx(IMAGES, null, null, CLASSES));
    }

    @Test
    void idx_should_require_class_names() {
        assertConfigurationError(
                "<dataset.classNames> is required with <format>idx</format>: one <className> per label, in label"
                        + " order",
                () -> idx(null, null, 0.2, List.of()));
    }

    @Test
    void idx_should_require_two_class_names_at_least() {
        assertConfigurationError("<dataset.classNames> lists only [digit]; a classifier needs at least 2 classes, one"
                + " <className> per label, in label order", () -> idx(null, null, 0.2, List.of("digit")));
    }

    @Test
    void test_set_should_be_optional_and_come_from_a_folder_or_a_split() {
        assertFalse(folders(TRAIN, VALIDATION, null).hasTestSet());
        assertEquals(Path.of("test"), folders(TRAIN, VALIDATION, null).withTestDirectory(Path.of("test")).testDirectory());
        assertTrue(folders(TRAIN, VALIDATION, null).withTestDirectory(Path.of("test")).hasTestSet());
        assertEquals(0.1, folders(TRAIN, null, 0.2).withTestSplit(0.1).testSplit());
        assertTrue(idx(null, null, 0.2, CLASSES).withTestSplit(0.1).hasTestSet());
    }

    @Test
    void test_split_should_be_strictly_between_zero_and_one() {
        assertConfigurationError("<dataset.testSplit> must be between 0 and 1 (exclusive), not 1.0",
                () -> folders(TRAIN, VALIDATION, null).withTestSplit(1.0));
        assertConfigurationError("<dataset.testSplit> must be between 0 and 1 (exclusive), not -0.1",
                () -> folders(TRAIN, VALIDATION, null).withTestSplit(-0.1));
    }

    @Test
    void test_split_should_not_be_combined_with_a_test_directory() {
        assertConfigurationError("<dataset.testSplit> and <testDirectory> are both given; a test set comes from one"
                + " of them: remove one", () -> new DatasetSpec(DatasetSpec.Format.FOLDER, TRAIN, VALIDATION, null,
                        null, null, null, null, null, Path.of("test"), 0.2, null, null));
    }

    @Test
    void idx_test_files_should_come_together_and_not_with_a_test_split() {
        assertConfigurationError("<dataset.testImages> and <testLabels> must be given together",
                () -> new DatasetSpec(DatasetSpec.Format.IDX, null, null, 0.2, IMAGES, LABELS, null, null, CLASSES,
                        null, null, Path.of("test-images.idx"), null));
        assertConfigurationError("<dataset.testSplit> and <testImages>/<testLabels> are both given; a test set comes"
                + " from one of them: remove one", () -> new DatasetSpec(DatasetSpec.Format.IDX, null, null, 0.2,
                        IMAGES, LABELS, null, null, CLASSES, null, 0.1, Path.of("t.idx"), Path.of("l.idx")));
    }

    @Test
    void idx_should_require_training_images_and_labels() {
        assertConfigurationError("<dataset.trainImages> and <trainLabels> are required with <format>idx</format>",
                () -> new DatasetSpec(DatasetSpec.Format.IDX, null, null, 0.2, IMAGES, null, null, null, CLASSES));
    }
}
