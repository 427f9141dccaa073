package io.github.transferml.transfer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.ImageFactory;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.PixelLimit;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

    private static final Path A_DIGIT = TestData.root().resolve("digits/train/3/3_0000.png");

    @TempDir
    Path dir;

    @Test
    void decode_should_refuse_an_image_above_the_limit_before_reading_its_pixels() throws IOException {
        Path bomb = Files.write(dir.resolve("bomb.png"), png(40000, 40000));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        DatasetException e =
                assertThrows(DatasetException.class, () -> ImageDecoder.decode(bomb, PixelLimit.DEFAULT));

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals("Image " + bomb + " declares 40000 x 40000 = 1600000000 pixels, more than <maxImagePixels>"
                + " allows (67108864). Downscale the image, or raise the limit with"
                + " -Dtransfer.maxImagePixels=1600000000 or <maxImagePixels>1600000000</maxImagePixels>.",
                e.getMessage());
        assertTrue(allocated < 64 << 20, allocated + " bytes allocated");
    }

    @Test
    void decode_should_take_an_image_of_exactly_the_limit() throws IOException {
        assertEquals(28, ImageDecoder.decode(A_DIGIT, new PixelLimit(28 * 28)).getWidth());

        DatasetException e = assertThrows(DatasetException.class,
                () -> ImageDecoder.decode(A_DIGIT, new PixelLimit(28 * 28 - 1)));

        assertTrue(e.getMessage().startsWith("Image " + A_DIGIT + " declares 28 x 28 = 784 pixels, more than"
                + " <maxImagePixels> allows (783)."), e.getMessage());
    }

    @Test
    void decode_should_give_the_pixels_djl_gives_for_every_format_it_reads() throws IOException {
        BufferedImage colour = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                colour.setRGB(x, y, (x * 7) << 16 | (y * 11) << 8 | (x * y) & 0xff);
            }
        }
        BufferedImage deepGrey = new BufferedImage(5, 4, BufferedImage.TYPE_USHORT_GRAY);
        deepGrey.getRaster().setSample(2, 1, 0, 51234);
        List<Path> files = List.of(A_DIGIT, write(colour, "png"), write(colour, "jpg"), write(colour, "gif"),
                write(colour, "bmp"), write(deepGrey, "png"));

        for (Path file : files) {
            BufferedImage ours = (BufferedImage) ImageDecoder.decode(file, PixelLimit.DEFAULT).getWrappedImage();
            BufferedImage djl = (BufferedImage) ImageFactory.getInstance().fromFile(file).getWrappedImage();

            assertEquals(djl.getType(), ours.getType(), file.toString());
            assertEquals(djl.getColorModel().getClass(), ours.getColorModel().getClass(), file.toString());
            assertArrayEquals(pixels(djl), pixels(ours), file.toString());
            assertArrayEquals(djl.getRGB(0, 0, djl.getWidth(), djl.getHeight(), null, 0, djl.getWidth()),
                    ours.getRGB(0, 0, ours.getWidth(), ours.getHeight(), null, 0, ours.getWidth()), file.toString());
        }
    }

    @Test
    void decode_should_say_what_a_file_that_is_no_image_is() throws IOException {
        byte[] digit = Files.readAllBytes(A_DIGIT);
        BufferedImage tiny = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream gif = new ByteArrayOutputStream();
        ImageIO.write(tiny, "gif", gif);
        byte[] zeroByZero = gif.toByteArray();
        java.util.Arrays.fill(zeroByZero, 6, 10, (byte) 0); // the logical screen
        java.util.Arrays.fill(zeroByZero, 13 + 3 * 2 + 5, 13 + 3 * 2 + 9, (byte) 0); // the first image's size
        assertEquals(0x2c, zeroByZero[13 + 3 * 2], "image descriptor after a 2-colour table");

        assertEquals("the file is empty", reason("empty.png", new byte[0]));
        assertEquals("it holds text, not an image",
                reason("notes.png", "Hello, world\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("it is a WebP image, which Java cannot decode",
                reason("photo.jpg", "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("it is a HEIC or AVIF image, which Java cannot decode",
                reason("photo.jpeg", "\0\0\0\u0018ftypheic".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("it is an SVG, HTML or XML file, not a bitmap image",
                reason("logo.png", "  <svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8)));
        assertEquals("it is not a PNG, JPEG, BMP or GIF image", reason("data.png", new byte[] {0, 1, 2, 3, 4}));
        assertEquals("the file ends early: it is truncated", reason("cut.png", java.util.Arrays.copyOf(digit, 20)));
        assertEquals("its header declares 0 x 0 pixels", reason("zero.gif", zeroByZero));
    }

    @Test
    void decode_should_name_the_file_and_the_fix_when_it_is_no_image() throws IOException {
        Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);
        LabeledImage image = new LabeledImage("cat/empty.png", 0, () -> ImageDecoder.decode(empty, PixelLimit.DEFAULT));

        DatasetException e = assertThrows(DatasetException.class, image::decode);

        assertEquals("Cannot decode image cat/empty.png (the file is empty). Replace it with a valid PNG, JPEG, BMP or"
                + " GIF file, or remove it.", e.getMessage());
    }

    private String reason(String name, byte[] content) throws IOException {
        Path file = Files.write(dir.resolve(name), content);
        return assertThrows(IOException.class, () -> ImageDecoder.decode(file, PixelLimit.DEFAULT)).getMessage();
    }

    @Test
    void pixelLimit_should_name_the_parameter_when_below_one() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PixelLimit(0));

        assertEquals("<maxImagePixels> must be at least 1, not 0", e.getMessage());
        assertEquals(8192L * 8192, PixelLimit.DEFAULT.maxPixels());
    }

    private Path write(BufferedImage image, String format) throws IOException {
        Path file = dir.resolve(image.getType() + "." + format);
        assertTrue(ImageIO.write(image, format, file.toFile()), format);
        return file;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRaster().getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
    }

    /**
     * A grey PNG whose header declares the given size, with a few bytes of pixel data: what a
     * decompression bomb looks like to a reader before it inflates the data.
     */
    static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(header)) {
            out.writeInt(width);
            out.writeInt(height);
            out.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit grey, deflate, no filter method, no interlace
        }
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[64]);
        deflater.finish();
        byte[] compressed = new byte[256];
        int length = deflater.deflate(compressed);
        deflater.end();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(png, "IHDR", header.toByteArray());
        chunk(png, "IDAT", java.util.Arrays.copyOf(compressed, length));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(png);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
