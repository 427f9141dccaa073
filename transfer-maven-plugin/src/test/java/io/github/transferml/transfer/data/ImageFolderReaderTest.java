package io.github.transferml.transfer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.PixelLimit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {

    private static final Path DIGITS_TRAIN = TestData.root().resolve("digits/train");
    private static final Path A_DIGIT = DIGITS_TRAIN.resolve("3/3_0000.png");

    @TempDir
    Path dir;

    @Test
    void classNames_should_list_the_class_folders_sorted() throws IOException {
        for (String name : List.of("zebra", "ant", "Moth", ".hidden")) {
            Files.createDirectories(dir.resolve(name));
        }
        Files.writeString(dir.resolve("README.txt"), "not a class");

        assertEquals(List.of("Moth", "ant", "zebra"), ImageFolderReader.classNames(dir, "dataset.trainDirectory"));
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                ImageFolderReader.classNames(DIGITS_TRAIN, "dataset.trainDirectory"));
    }

    @Test
    void read_should_label_each_image_by_its_folder_with_ids_relative_to_the_root() {
        List<String> classes = ImageFolderReader.classNames(DIGITS_TRAIN, "dataset.trainDirectory");

        LabeledImages images = ImageFolderReader.read(DIGITS_TRAIN, classes, "dataset.trainDirectory",
                PixelLimit.DEFAULT);

        assertEquals(300, images.size());
        LabeledImage first = images.images().get(0);
        assertEquals("0/0_0000.png", first.id());
        assertEquals(0, first.label());
        LabeledImage firstThree = images.images().get(90);
        assertEquals("3/3_0000.png", firstThree.id());
        assertEquals(3, firstThree.label());
        assertEquals("3/3_0001.png", images.images().get(91).id());
        for (LabeledImage image : images.images()) {
            assertTrue(image.id().startsWith(classes.get(image.label()) + "/"), image.id());
        }
        assertEquals(28, images.images().get(299).decode().getWidth());
    }

    @Test
    void read_should_ignore_files_that_are_not_images() throws IOException {
        copyDigit("cat/b.PNG");
        copyDigit("cat/a.png");
        Files.writeString(dir.resolve("cat/README.md"), "about cats");
        Files.writeString(dir.resolve("cat/.png"), "hidden, no name");
        copyDigit("dog/d.jpeg.txt");
        copyDigit("dog/c.png");

        LabeledImages images = ImageFolderReader.read(dir, List.of("cat", "dog"), "dataset.trainDirectory",
                PixelLimit.DEFAULT);

        assertEquals(List.of("cat/a.png", "cat/b.PNG", "dog/c.png"),
                images.images().stream().map(LabeledImage::id).toList());
    }

    @Test
    void classNames_should_fail_with_fewer_than_two_class_folders() throws IOException {
        copyDigit("only/a.png");

        DatasetException e = assertThrows(DatasetException.class,
                () -> ImageFolderReader.classNames(dir, "dataset.trainDirectory"));

        assertEquals("<dataset.trainDirectory> " + dir + " has 1 class folder(s); a classifier needs at least 2"
                + " sub-folders, one per class.", e.getMessage());
    }

    @Test
    void classNames_should_fail_when_the_root_does_not_exist() {
        Path missing = dir.resolve("missing");

        DatasetException e = assertThrows(DatasetException.class,
                () -> ImageFolderReader.classNames(missing, "dataset.validationDirectory"));

        assertEquals("<dataset.validationDirectory> " + missing + " does not exist. Point it at a folder with"
                + " one sub-folder of images per class.", e.getMessage());
    }

    @Test
    void classNames_should_fail_when_the_root_is_a_file() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> ImageFolderReader.classNames(A_DIGIT, "dataset.trainDirectory"));

        assertEquals("<dataset.trainDirectory> " + A_DIGIT + " is a file, not a folder. Point it at a folder with"
                + " one sub-folder of images per class.", e.getMessage());
    }

    @Test
    void classNames_should_fail_asking_to_sort_images_without_class_folders_into_them() throws IOException {
        copyDigit("a.png");
        copyDigit("b.jpg");
        Files.writeString(dir.resolve("README.md"), "my pictures");

        DatasetException e = assertThrows(DatasetException.class,
                () -> ImageFolderReader.classNames(dir, "dataset.trainDirectory"));

        assertEquals("<dataset.trainDirectory> " + dir + " holds 2 images but no class folders. Move the images into"
                + " one sub-folder per class (e.g. " + dir.resolve("cat") + ", " + dir.resolve("dog") + "): the"
                + " folder names are the class names.", e.getMessage());
    }

    @Test
    void read_should_fail_on_a_class_folder_without_images() throws IOException {
        copyDigit("cat/a.png");
        Files.createDirectories(dir.resolve("dog"));
        Files.writeString(dir.resolve("dog/notes.txt"), "no images here");

        DatasetException e = assertThrows(DatasetException.class,
                () -> ImageFolderReader.read(dir, List.of("cat", "dog"), "dataset.trainDirectory",
                        PixelLimit.DEFAULT));

        assertEquals("Class folder " + dir.resolve("dog") + " has no images (*.bmp, *.gif, *.jpeg, *.jpg, *.png),"
                + " only 1 other file (notes.txt). Add images (convert other formats to PNG or JPEG) or remove the"
                + " folder.", e.getMessage());
    }

    @Test
    void read_should_fail_on_a_class_folder_of_images_in_formats_it_cannot_read() throws IOException {
        copyDigit("cat/a.png");
        for (String name : List.of("d.webp", "c.heic", "b.webp", "a.tiff", ".DS_Store")) {
            copyDigit("dog/" + name);
        }

        DatasetException e = assertThrows(DatasetException.class,
                () -> ImageFolderReader.read(dir, List.of("cat", "dog"), "dataset.trainDirectory",
                        PixelLimit.DEFAULT));

        assertEquals("Class folder " + dir.resolve("dog") + " has no images (*.bmp, *.gif, *.jpeg, *.jpg, *.png),"
                + " only 4 other files (a.tiff, b.webp, c.heic, …). Add images (convert other formats to PNG or"
                + " JPEG) or remove the folder.", e.getMessage());
    }

    @Test
    void read_should_fail_on_an_empty_class_folder() throws IOException {
        copyDigit("cat/a.png");
        Files.createDirectories(dir.resolve("dog"));

        DatasetException e = assertThrows(DatasetException.class,
                () -> ImageFolderReader.read(dir, List.of("cat", "dog"), "dataset.trainDirectory",
                        PixelLimit.DEFAULT));

        assertEquals("Class folder " + dir.resolve("dog") + " is empty. Add its images (*.bmp, *.gif, *.jpeg, *.jpg,"
                + " *.png) or remove the folder.", e.getMessage());
    }

    @Test
    void read_should_fail_naming_an_image_link_that_loops() throws IOException {
        copyDigit("cat/a.png");
        copyDigit("dog/b.png");
        Path loop = dir.resolve("dog/loop.png");
        Files.createSymbolicLink(loop, loop.getFileName());
        Files.createSymbolicLink(dir.resolve("dog/up"), Path.of("..")); // a folder loop: not followed, harmless

        DatasetException e = assertThrows(DatasetException.class,
                () -> ImageFolderReader.read(dir, List.of("cat", "dog"), "dataset.trainDirectory",
                        PixelLimit.DEFAULT));

        assertEquals("Image " + loop + " is a symbolic link that leads nowhere (broken, or a loop); fix the link or"
                + " remove it.", e.getMessage());
    }

    @Test
    void read_should_fail_when_a_class_folder_is_missing() throws IOException {
        copyDigit("cat/a.png");

        DatasetException e = assertThrows(DatasetException.class,
                () -> ImageFolderReader.read(dir, List.of("cat", "dog"), "dataset.validationDirectory",
                        PixelLimit.DEFAULT));

        assertEquals("<dataset.validationDirectory> " + dir + " has no folder 'dog'; every class of the training"
                + " data needs one.", e.getMessage());
    }

    @Test
    void decode_should_refuse_an_image_above_the_limit_naming_its_path() throws IOException {
        copyDigit("cat/a.png");
        copyDigit("dog/b.png");
        LabeledImages images = ImageFolderReader.read(dir, List.of("cat", "dog"), "dataset.trainDirectory",
                new PixelLimit(783));

        DatasetException e = assertThrows(DatasetException.class, () -> images.images().get(1).decode());

        assertEquals("Image " + dir.resolve("dog/b.png") + " declares 28 x 28 = 784 pixels, more than"
                + " <maxImagePixels> allows (783). Downscale the image, or raise the limit with"
                + " -Dtransfer.maxImagePixels=784 or <maxImagePixels>784</maxImagePixels>.", e.getMessage());
    }

    private void copyDigit(String name) throws IOException {
        Path target = dir.resolve(name);
        Files.createDirectories(target.getParent());
        Files.copy(A_DIGIT, target);
    }
}
