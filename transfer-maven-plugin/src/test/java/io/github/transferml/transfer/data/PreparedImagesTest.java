package io.github.transferml.transfer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.augment.Augmentation;
import io.github.transferml.transfer.augment.Downscale;
import io.github.transferml.transfer.augment.ImageAugmenter;
import io.github.transferml.transfer.config.PixelLimit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images prepared on a pool of threads come out in order and equal, bit for bit, what one thread
 * computes image by image with the same decoder, augmenter and preprocessor: real digit images,
 * augmented into several views.
 */
class PreparedImagesTest {

    private static final InputSpec INPUT = new InputSpec(32, 32, false, "true");
    private static final ImageAugmenter AUGMENTER = new ImageAugmenter(Augmentation.builder().optHorizontalFlip(true)
            .optRotation(15).optRandomResizedCrop(0.6).optBrightness(0.2).optViews(3).build());

    @Test
    void any_number_of_threads_should_give_the_rows_one_thread_computes_in_order() {
        List<LabeledImage> digits = DatasetLoader.load(TestData.digitFolders(), 42).train().images().subList(0, 40);
        LabeledImages images = new LabeledImages(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), digits);
        ImagePreprocessor preprocessor = new ImagePreprocessor(INPUT);

        List<float[]> expected = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (int i = 0; i < digits.size(); i++) {
                for (int view = 0; view < 3; view++) {
                    expected.add(preprocessor.apply(manager, AUGMENTER.apply(digits.get(i).decode(),
                            ImageAugmenter.randomFor(7, i, view))).toFloatArray());
                }
            }
        }
        for (int threads : new int[] {1, 2, 5}) {
            try (PreparedImages prepared = new PreparedImages(images, AUGMENTER, 7, preprocessor, "PyTorch", threads)) {
                assertEquals(120, prepared.rows());
                for (int row = 0; row < 120; row++) {
                    assertArrayEquals(expected.get(row), prepared.next(), threads + " threads, row " + row);
                }
                assertThrows(NoSuchElementException.class, prepared::next);
            }
        }
        assertNotEquals(expected.get(0)[500], expected.get(1)[500], "views differ");
    }

    @Test
    void a_large_image_should_shrink_towards_the_input_before_it_is_augmented() {
        Path digit = TestData.root().resolve("digits/train/5/5_0000.png");
        ImageSource large = () -> {
            java.awt.image.BufferedImage big = new java.awt.image.BufferedImage(280, 280,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = big.createGraphics();
            g.drawImage((java.awt.Image) ImageDecoder.decode(digit, PixelLimit.DEFAULT).getWrappedImage(), 0, 0, 280,
                    280, null);
            g.dispose();
            return ai.djl.modality.cv.ImageFactory.getInstance().fromImage(big);
        };
        LabeledImages images = new LabeledImages(List.of("5"), List.of(new LabeledImage("five.png", 0, large)));
        ImagePreprocessor preprocessor = new ImagePreprocessor(INPUT);

        try (PreparedImages prepared = new PreparedImages(images, AUGMENTER, 3, preprocessor, "PyTorch", 2);
                NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ai.djl.modality.cv.Image shrunk = Downscale.towards(large.decode("five.png"), 32, 32);
            assertEquals(70, shrunk.getWidth(), "280 / 4: still twice the input");
            assertArrayEquals(preprocessor.apply(manager, AUGMENTER.apply(shrunk, ImageAugmenter.randomFor(3, 0, 0)))
                    .toFloatArray(), prepared.next());
        }
    }

    @Test
    void a_file_that_cannot_be_decoded_should_fail_with_its_name(@TempDir Path dir) throws Exception {
        Path good = TestData.root().resolve("digits/train/3/3_0000.png");
        Path bad = dir.resolve("broken.png");
        Files.write(bad, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        List<LabeledImage> list = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            list.add(new LabeledImage("digits/" + i + ".png", 0, file(good)));
        }
        list.add(new LabeledImage("broken.png", 0, file(bad)));
        LabeledImages images = new LabeledImages(List.of("x"), list);

        try (PreparedImages prepared = new PreparedImages(images, null, 0, new ImagePreprocessor(INPUT), "PyTorch", 2)) {
            for (int i = 0; i < 9; i++) {
                assertEquals(3 * 32 * 32, prepared.next().length, "the images before it come through");
            }
            DatasetException e = assertThrows(DatasetException.class, prepared::next);
            assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
        }
    }

    private static ImageSource file(Path path) {
        return () -> ImageDecoder.decode(path, PixelLimit.DEFAULT);
    }
}
