package io.github.transferml.transfer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.PixelLimit;
import io.github.transferml.transfer.data.DatasetException;
import io.github.transferml.transfer.data.LabeledImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestSetTest {

    private static final Path FEW = TestData.root().resolve("corrupt/validation");

    @Test
    void load_should_decode_images_within_the_given_limit() {
        LabeledImages images = TestSet.folder(FEW).load(new PixelLimit(783));

        DatasetException e = assertThrows(DatasetException.class, () -> images.images().get(0).decode());

        assertEquals("Image " + FEW.resolve("0/0_0005.png") + " declares 28 x 28 = 784 pixels, more than"
                + " <maxImagePixels> allows (783). Downscale the image, or raise the limit with"
                + " -Dtransfer.maxImagePixels=784 or <maxImagePixels>784</maxImagePixels>.", e.getMessage());
        assertEquals(28, TestSet.folder(FEW).load().images().get(0).decode().getWidth());
    }

    @Test
    void load_should_fail_naming_a_folder_given_as_an_idx_file() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> TestSet.idx(FEW, FEW.resolve("labels.idx"), List.of("a", "b")).load());

        assertEquals("<testSet.images> " + FEW + " is a folder; give the IDX file itself.", e.getMessage());
    }
}
