package io.github.transferml.transfer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** A 40x30 colour image: the left half white, the right half dark red. */
    private static Image colourImage() {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 20, 30);
        g.setColor(new Color(128, 0, 0));
        g.fillRect(20, 0, 20, 30);
        g.dispose();
        return ImageFactory.getInstance().fromImage(image);
    }

    @Test
    void apply_should_resize_a_colour_image_to_one_grey_channel_scaled_to_unit_range() {
        ImagePreprocessor preprocessor = new ImagePreprocessor(new InputSpec(28, 28, true, null));

        NDArray tensor = preprocessor.apply(manager, colourImage());

        assertEquals(new Shape(1, 28, 28), tensor.getShape());
        assertEquals(DataType.FLOAT32, tensor.getDataType());
        // White, within one grey level: DJL's resize may round 255 down to 254.
        assertEquals(1f, tensor.get(new NDIndex("0, 14, 0")).getFloat(), 1.01f / 255);
        float right = tensor.get(new NDIndex("0, 14, 27")).getFloat();
        assertTrue(right > 0.1f && right < 0.5f, "dark red as grey: " + right);
        assertTrue(tensor.min().getFloat() >= 0f && tensor.max().getFloat() <= 1f);
    }

    @Test
    void apply_should_repeat_a_grey_image_in_three_equal_channels() {
        BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                grey.getRaster().setSample(x, y, 0, (x * 9 + y) % 256);
            }
        }
        ImagePreprocessor preprocessor = new ImagePreprocessor(new InputSpec(28, 28, false, null));

        NDArray tensor = preprocessor.apply(manager, ImageFactory.getInstance().fromImage(grey));

        assertEquals(new Shape(3, 28, 28), tensor.getShape());
        float[] red = tensor.get(0).toFloatArray();
        assertArrayEquals(red, tensor.get(1).toFloatArray());
        assertArrayEquals(red, tensor.get(2).toFloatArray());
        assertEquals((27 * 9 + 5) / 255f, tensor.getFloat(0, 5, 27), 1e-6f);
    }

    @Test
    void apply_should_normalise_with_the_imagenet_statistics_when_asked() {
        ImagePreprocessor plain = new ImagePreprocessor(new InputSpec(28, 28, false, null));
        ImagePreprocessor imagenet = new ImagePreprocessor(new InputSpec(28, 28, false, "true"));

        float white = plain.apply(manager, colourImage()).getFloat(0, 14, 0);
        float normalised = imagenet.apply(manager, colourImage()).getFloat(0, 14, 0);

        assertEquals(1f, white, 1.01f / 255);
        assertEquals((white - 0.485f) / 0.229f, normalised, 1e-4f);
    }

    @Test
    void apply_should_keep_the_aspect_ratio_and_crop_the_centre_when_asked() {
        // 60 x 30: black side bands of 15 px around a white 30 x 30 centre.
        BufferedImage wide = new BufferedImage(60, 30, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = wide.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(15, 0, 30, 30);
        g.dispose();
        Image image = ImageFactory.getInstance().fromImage(wide);
        InputSpec stretch = new InputSpec(28, 28, true, null);

        NDArray stretched = new ImagePreprocessor(stretch).apply(manager, image);
        NDArray cropped = new ImagePreprocessor(stretch.withCenterCrop(true)).apply(manager, image);

        assertEquals(new Shape(1, 28, 28), cropped.getShape());
        assertEquals(0.5f, stretched.mean().getFloat(), 0.05f);
        assertTrue(cropped.mean().getFloat() > 0.95f, "the centre crop sees only the white square");
        assertEquals("true", stretch.withCenterCrop(true).toProperties().get("centerCrop"));
        assertEquals(stretch.withCenterCrop(true),
                InputSpec.fromProperties(stretch.withCenterCrop(true).toProperties(), stretch));
    }
}
