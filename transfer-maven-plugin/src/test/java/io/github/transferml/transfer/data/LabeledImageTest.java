package io.github.transferml.transfer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.ImageFactory;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.PixelLimit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabeledImageTest {

    @Test
    void decode_should_name_a_truncated_png_and_say_how_to_fix_it() {
        Path train = TestData.root().resolve("corrupt/train");
        LabeledImages images =
                ImageFolderReader.read(train, ImageFolderReader.classNames(train, "t"), "dataset.trainDirectory",
                        PixelLimit.DEFAULT);
        LabeledImage broken = images.images().stream()
                .filter(image -> image.id().equals("3/broken.png"))
                .findFirst()
                .orElseThrow();

        DatasetException e = assertThrows(DatasetException.class, broken::decode);

        assertTrue(e.getMessage().startsWith("Cannot decode image 3/broken.png ("), e.getMessage());
        assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
        assertTrue(e.getMessage().endsWith(
                "). Replace it with a valid PNG, JPEG, BMP or GIF file, or remove it."), e.getMessage());
    }

    @Test
    void decode_should_report_a_source_that_gives_no_image() {
        LabeledImage image = new LabeledImage("x/empty.png", 0, () -> null);

        DatasetException e = assertThrows(DatasetException.class, image::decode);

        assertEquals("Cannot decode image x/empty.png (not a readable image). Replace it with a valid PNG, JPEG,"
                + " BMP or GIF file, or remove it.", e.getMessage());
    }

    @Test
    void decode_should_name_the_exception_type_when_it_has_no_message() {
        LabeledImage image = new LabeledImage("x/odd.png", 0, () -> {
            throw new IllegalStateException();
        });

        DatasetException e = assertThrows(DatasetException.class, image::decode);

        assertTrue(e.getMessage().startsWith("Cannot decode image x/odd.png (IllegalStateException)."),
                e.getMessage());
        assertEquals(IllegalStateException.class, e.getCause().getClass());
    }

    @Test
    void decode_should_give_the_image_of_a_valid_file() {
        Path file = TestData.root().resolve("digits/train/3/3_0000.png");
        LabeledImage image = new LabeledImage("3/3_0000.png", 3,
                () -> ImageFactory.getInstance().fromFile(file));

        assertEquals(List.of(28, 28), List.of(image.decode().getWidth(), image.decode().getHeight()));
    }
}
