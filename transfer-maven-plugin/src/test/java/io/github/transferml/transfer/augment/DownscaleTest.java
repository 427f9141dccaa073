package io.github.transferml.transfer.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import io.github.transferml.transfer.TestData;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Large images shrink by whole blocks towards twice the input size; small ones stay as they are. */
class DownscaleTest {

    @Test
    void a_large_colour_image_should_average_whole_blocks() {
        BufferedImage big = new BufferedImage(1000, 700, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 700; y++) {
            for (int x = 0; x < 1000; x++) {
                big.setRGB(x, y, (x % 256) << 16 | (y % 256) << 8 | ((x + y) % 2 == 0 ? 255 : 0));
            }
        }

        Image small = Downscale.towards(ImageFactory.getInstance().fromImage(big), 100, 100);

        // k = min(1000 / 200, 700 / 200) = 3: 333 x 233, every pixel the rounded mean of a 3 x 3 block.
        assertEquals(333, small.getWidth());
        assertEquals(233, small.getHeight());
        int pixel = ((BufferedImage) small.getWrappedImage()).getRGB(10, 20);
        assertEquals(31, (pixel >> 16) & 0xFF, "red: columns 30..32");
        assertEquals(61, (pixel >> 8) & 0xFF, "green: rows 60..62");
        assertEquals(142, pixel & 0xFF, "blue: 5 of 9 pixels at 255, 141.7 rounded");
    }

    @Test
    void a_grey_image_should_stay_grey_and_a_small_one_unchanged() throws Exception {
        Image digit = ImageFactory.getInstance().fromFile(TestData.root().resolve("digits/train/3/3_0000.png"));
        assertSame(digit, Downscale.towards(digit, 28, 28), "no larger than twice the input: untouched");
        assertSame(digit, Downscale.towards(digit, 10, 10), "a factor below 2 is not worth the blur");

        Image shrunk = Downscale.towards(digit, 7, 7);

        assertEquals(14, shrunk.getWidth());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, ((BufferedImage) shrunk.getWrappedImage()).getType());
        BufferedImage source = (BufferedImage) digit.getWrappedImage();
        int sum = 0;
        for (int y = 12; y < 14; y++) {
            for (int x = 12; x < 14; x++) {
                sum += source.getRaster().getSample(x, y, 0);
            }
        }
        assertEquals((sum + 2) / 4, ((BufferedImage) shrunk.getWrappedImage()).getRaster().getSample(6, 6, 0));
    }
}
