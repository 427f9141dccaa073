package io.github.transferml.transfer.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.data.DatasetLoader;
import io.github.transferml.transfer.data.LabeledImage;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImageAugmenterTest {

    private static NDManager manager;
    private static List<LabeledImage> digits;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
        digits = DatasetLoader.load(TestData.digitFolders(), 42).train().images();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** A 28x28 grey digit from the test data. */
    private static Image digit(int index) {
        return digits.get(index).decode();
    }

    /** A 40x30 colour image of mid-tone gradients, different in every row, column and channel. */
    private static Image colour() {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                int red = 40 + 4 * x;
                int green = 60 + 5 * y;
                int blue = 100 + (x * 7 + y * 3) % 90;
                image.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        return ImageFactory.getInstance().fromImage(image);
    }

    /** The bytes DJL's translator starts from: height × width × channels. */
    private static int[] pixels(Image image, Image.Flag flag) {
        try (NDManager scope = manager.newSubManager()) {
            return image.toNDArray(scope, flag).toUint8Array();
        }
    }

    private static int[] grey(Image image) {
        return pixels(image, Image.Flag.GRAYSCALE);
    }

    private static int[] rgb(Image image) {
        return pixels(image, Image.Flag.COLOR);
    }

    /** Mirrors height × width × channels bytes left to right (or top to bottom). */
    private static int[] mirror(int[] pixels, int width, int height, int channels, boolean horizontal) {
        int[] out = new int[pixels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int sx = horizontal ? width - 1 - x : x;
                int sy = horizontal ? y : height - 1 - y;
                for (int c = 0; c < channels; c++) {
                    out[(y * width + x) * channels + c] = pixels[(sy * width + sx) * channels + c];
                }
            }
        }
        return out;
    }

    private static double mean(int[] pixels) {
        return Arrays.stream(pixels).average().orElseThrow();
    }

    private static double std(int[] pixels) {
        double mean = mean(pixels);
        return Math.sqrt(Arrays.stream(pixels).mapToDouble(p -> (p - mean) * (p - mean)).average().orElseThrow());
    }

    private static ImageAugmenter augmenter(Augmentation.Builder builder) {
        return new ImageAugmenter(builder.build());
    }

    /** Every nextDouble() returns the same value, so a test can pick the end of a range. */
    private static final class FixedRandom extends Random {
        private static final long serialVersionUID = 1L;
        private final double value;

        FixedRandom(double value) {
            this.value = value;
        }

        @Override
        public double nextDouble() {
            return value;
        }
    }

    /** Just below 1: the top of every range. */
    private static final double TOP = Math.nextDown(1.0);

    @Test
    void apply_should_return_the_same_pixels_when_nothing_is_enabled() {
        ImageAugmenter none = new ImageAugmenter(Augmentation.none());

        for (Image image : List.of(digit(0), digit(57), colour())) {
            Image out = none.apply(image, new Random(1));

            assertArrayEquals(grey(image), grey(out));
            assertArrayEquals(rgb(image), rgb(out));
        }
    }

    @Test
    void apply_should_keep_what_djl_reads_from_every_kind_of_image() {
        int[] types = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_INT_ARGB,
                BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_INDEXED};
        BufferedImage source = (BufferedImage) colour().getWrappedImage();
        ImageAugmenter none = new ImageAugmenter(Augmentation.none());

        for (int type : types) {
            BufferedImage converted = new BufferedImage(source.getWidth(), source.getHeight(), type);
            converted.createGraphics().drawImage(source, 0, 0, null);
            Image image = ImageFactory.getInstance().fromImage(converted);

            Image out = none.apply(image, new Random(1));

            boolean grey = converted.getColorModel().getNumColorComponents() == 1;
            assertEquals(grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB,
                    ((BufferedImage) out.getWrappedImage()).getType(), "type " + type);
            assertArrayEquals(grey(image), grey(out), "grey of type " + type);
            assertArrayEquals(rgb(image), rgb(out), "colour of type " + type);
        }
    }

    @Test
    void apply_should_keep_grey_images_grey_and_colour_images_colour() {
        ImageAugmenter all = augmenter(Augmentation.builder().optHorizontalFlip(true).optVerticalFlip(true)
                .optRotation(20).optRandomResizedCrop(0.6).optBrightness(0.3).optContrast(0.3));

        Image grey = all.apply(digit(3), new Random(5));
        Image colour = all.apply(colour(), new Random(5));

        assertEquals(BufferedImage.TYPE_BYTE_GRAY, ((BufferedImage) grey.getWrappedImage()).getType());
        assertEquals(BufferedImage.TYPE_INT_RGB, ((BufferedImage) colour.getWrappedImage()).getType());
        try (NDManager scope = manager.newSubManager()) {
            NDArray greyTensor = grey.toNDArray(scope, Image.Flag.GRAYSCALE);
            NDArray colourTensor = colour.toNDArray(scope, Image.Flag.COLOR);
            assertEquals(new Shape(28, 28, 1), greyTensor.getShape());
            assertEquals(new Shape(30, 40, 3), colourTensor.getShape());
        }
        int[] channels = rgb(colour);
        assertFalse(channels[0] == channels[1] && channels[1] == channels[2], "colour survives");
    }

    @Test
    void apply_should_not_change_the_input_image() {
        Image image = colour();
        int[] before = rgb(image);

        augmenter(Augmentation.builder().optHorizontalFlip(true).optBrightness(0.5)).apply(image, new FixedRandom(0));

        assertArrayEquals(before, rgb(image));
    }

    @Test
    void horizontal_flip_should_mirror_the_pixels_exactly() {
        ImageAugmenter flip = augmenter(Augmentation.builder().optHorizontalFlip(true));
        Image digit = digit(12);
        Image colour = colour();

        assertArrayEquals(mirror(grey(digit), 28, 28, 1, true), grey(flip.apply(digit, new FixedRandom(0))));
        assertArrayEquals(mirror(rgb(colour), 40, 30, 3, true), rgb(flip.apply(colour, new FixedRandom(0))));
        assertArrayEquals(rgb(colour), rgb(flip.apply(colour, new FixedRandom(TOP))));
    }

    @Test
    void horizontal_flip_should_flip_about_half_of_the_images() {
        ImageAugmenter flip = augmenter(Augmentation.builder().optHorizontalFlip(true));
        Image digit = digit(12);
        int[] original = grey(digit);
        int[] mirrored = mirror(original, 28, 28, 1, true);
        assertFalse(Arrays.equals(original, mirrored), "the test digit is not symmetric");

        int flipped = 0;
        for (int i = 0; i < 200; i++) {
            int[] out = grey(flip.apply(digit, ImageAugmenter.randomFor(42, i, 0)));
            if (Arrays.equals(out, mirrored)) {
                flipped++;
            } else {
                assertArrayEquals(original, out);
            }
        }

        // Binomial(200, 0.5) has a standard deviation of about 7: 70..130 is more than four.
        assertTrue(flipped >= 70 && flipped <= 130, "flipped " + flipped + " of 200");
    }

    @Test
    void vertical_flip_should_mirror_the_rows_exactly() {
        ImageAugmenter flip = augmenter(Augmentation.builder().optVerticalFlip(true));
        Image colour = colour();

        assertArrayEquals(mirror(rgb(colour), 40, 30, 3, false), rgb(flip.apply(colour, new FixedRandom(0))));
    }

    @Test
    void rotation_by_a_small_angle_should_keep_the_size_and_change_pixels() {
        ImageAugmenter rotate = augmenter(Augmentation.builder().optRotation(10));
        Image digit = digit(20);

        Image out = rotate.apply(digit, new Random(3));

        assertEquals(28, out.getWidth());
        assertEquals(28, out.getHeight());
        assertFalse(Arrays.equals(grey(digit), grey(out)));
    }

    @Test
    void rotation_by_90_degrees_should_turn_the_picture_counter_clockwise() {
        ImageAugmenter rotate = augmenter(Augmentation.builder().optRotation(90));
        Image digit = digit(30);
        int[] in = grey(digit);

        int[] out = grey(rotate.apply(digit, new FixedRandom(1.0)));

        // The right-hand column becomes the top row.
        int[] expected = new int[in.length];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                expected[y * 28 + x] = in[x * 28 + (27 - y)];
            }
        }
        assertArrayEquals(expected, out);
    }

    @Test
    void rotation_of_zero_degrees_should_leave_the_pixels() {
        ImageAugmenter rotate = augmenter(Augmentation.builder().optRotation(0));
        Image digit = digit(20);

        assertArrayEquals(grey(digit), grey(rotate.apply(digit, new Random(3))));
    }

    @Test
    void random_resized_crop_should_keep_the_size_and_zoom_in() {
        ImageAugmenter crop = augmenter(Augmentation.builder().optRandomResizedCrop(0.5));
        Image colour = colour();

        Image out = crop.apply(colour, new Random(11));

        assertEquals(40, out.getWidth());
        assertEquals(30, out.getHeight());
        assertFalse(Arrays.equals(rgb(colour), rgb(out)));
        // The red channel rises by 4 a column; zooming in makes the steps smaller.
        int[] pixels = rgb(out);
        int rise = pixels[(15 * 40 + 39) * 3] - pixels[15 * 40 * 3];
        assertTrue(rise < 4 * 39 && rise > 0, "red rises by " + rise + " across the crop");
    }

    @Test
    void brightness_should_move_the_mean_the_way_of_the_factor() {
        ImageAugmenter brightness = augmenter(Augmentation.builder().optBrightness(0.3));

        for (Image image : List.of(colour(), digit(40))) {
            double mean = mean(rgb(image));

            assertTrue(mean(rgb(brightness.apply(image, new FixedRandom(0)))) < mean, "darker at 0.7");
            assertTrue(mean(rgb(brightness.apply(image, new FixedRandom(TOP)))) > mean, "brighter at 1.3");
        }
        double darker = mean(rgb(brightness.apply(colour(), new FixedRandom(0))));
        assertEquals(0.7 * mean(rgb(colour())), darker, 0.5);
    }

    @Test
    void contrast_should_shrink_or_stretch_the_spread() {
        ImageAugmenter contrast = augmenter(Augmentation.builder().optContrast(0.4));

        for (Image image : List.of(colour(), digit(40))) {
            double std = std(grey(image));

            assertTrue(std(grey(contrast.apply(image, new FixedRandom(0)))) < std, "flatter at 0.6");
            assertTrue(std(grey(contrast.apply(image, new FixedRandom(TOP)))) > std, "sharper at 1.4");
        }
    }

    @Test
    void apply_should_give_identical_pixels_for_the_same_seed_and_others_for_another_view() {
        ImageAugmenter all = augmenter(Augmentation.builder().optHorizontalFlip(true).optRotation(15)
                .optRandomResizedCrop(0.8).optBrightness(0.2).optContrast(0.2));
        Image digit = digit(7);
        Image colour = colour();

        assertArrayEquals(grey(all.apply(digit, ImageAugmenter.randomFor(42, 7, 1))),
                grey(all.apply(digit(7), ImageAugmenter.randomFor(42, 7, 1))));
        assertArrayEquals(rgb(all.apply(colour, ImageAugmenter.randomFor(42, 7, 1))),
                rgb(all.apply(colour(), ImageAugmenter.randomFor(42, 7, 1))));
        assertFalse(Arrays.equals(rgb(all.apply(colour, ImageAugmenter.randomFor(42, 7, 1))),
                rgb(all.apply(colour, ImageAugmenter.randomFor(42, 7, 2)))));
        assertFalse(Arrays.equals(grey(all.apply(digit, ImageAugmenter.randomFor(42, 7, 0))),
                grey(all.apply(digit, ImageAugmenter.randomFor(42, 7, 1)))));
    }

    @Test
    void randomFor_should_be_reproducible_and_differ_by_seed_image_and_view() {
        long first = ImageAugmenter.randomFor(42, 3, 1).nextLong();

        assertEquals(first, ImageAugmenter.randomFor(42, 3, 1).nextLong());
        assertTrue(first != ImageAugmenter.randomFor(43, 3, 1).nextLong());
        assertTrue(first != ImageAugmenter.randomFor(42, 4, 1).nextLong());
        assertTrue(first != ImageAugmenter.randomFor(42, 3, 2).nextLong());
        // Swapping image and view gives another stream too.
        assertTrue(first != ImageAugmenter.randomFor(42, 1, 3).nextLong());
    }

    @Test
    void randomFor_should_spread_the_first_draw_of_neighbouring_views() {
        // java.util.Random seeded with 0, 1, 2, ... starts with nearly equal nextDouble() values.
        double min = 1;
        double max = 0;
        for (int view = 0; view < 16; view++) {
            double d = ImageAugmenter.randomFor(42, 0, view).nextDouble();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }

        assertTrue(max - min > 0.5, "first draws span " + min + ".." + max);
    }
}
