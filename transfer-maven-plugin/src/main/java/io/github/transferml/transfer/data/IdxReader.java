package io.github.transferml.transfer.data;

import ai.djl.modality.cv.ImageFactory;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST's IDX format (plain or gzipped): an image file of unsigned bytes with dimensions
 * {@code n × rows × cols}, and a label file of n unsigned bytes.
 */
public final class IdxReader {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {}

    /**
     * Reads an image file and its label file.
     *
     * @param images the image file
     * @param labels the label file
     * @param classNames the class names, index = label
     * @return the examples; each decodes to an 8-bit grey image
     */
    public static LabeledImages read(Path images, Path labels, List<String> classNames) {
        byte[] labelBytes;
        int count;
        int rows;
        int cols;
        byte[] pixels;
        try (DataInputStream in = open(labels)) {
            checkMagic(in.readInt(), LABELS_MAGIC, labels, "labels (idx1)");
            int n = in.readInt();
            labelBytes = new byte[n];
            in.readFully(labelBytes);
        } catch (EOFException e) {
            throw new DatasetException("IDX label file " + labels + " is truncated.", e);
        } catch (IOException e) {
            throw new DatasetException("Cannot read IDX label file " + labels + ": " + e.getMessage(), e);
        }
        try (DataInputStream in = open(images)) {
            checkMagic(in.readInt(), IMAGES_MAGIC, images, "images (idx3)");
            count = in.readInt();
            rows = in.readInt();
            cols = in.readInt();
            pixels = new byte[Math.multiplyExact(Math.multiplyExact(count, rows), cols)];
            in.readFully(pixels);
        } catch (EOFException e) {
            throw new DatasetException("IDX image file " + images + " is truncated.", e);
        } catch (IOException e) {
            throw new DatasetException("Cannot read IDX image file " + images + ": " + e.getMessage(), e);
        }
        if (count != labelBytes.length) {
            throw new DatasetException(
                    images + " holds " + count + " images but " + labels + " holds "
                            + labelBytes.length + " labels; give files that belong together.");
        }
        ImageFactory factory = ImageFactory.getInstance();
        String name = images.getFileName().toString();
        List<LabeledImage> result = new ArrayList<>(count);
        int size = rows * cols;
        for (int i = 0; i < count; i++) {
            int label = labelBytes[i] & 0xFF;
            if (label >= classNames.size()) {
                throw new DatasetException(
                        labels + " has label " + label + " at record " + i + ", but <classNames> lists only "
                                + classNames.size() + " classes; add the missing class names.");
            }
            int offset = i * size;
            result.add(
                    new LabeledImage(
                            name + "#" + i,
                            label,
                            () -> factory.fromImage(toImage(pixels, offset, cols, rows))));
        }
        return new LabeledImages(classNames, result);
    }

    private static BufferedImage toImage(byte[] pixels, int offset, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, width, height, slice(pixels, offset, width * height));
        return image;
    }

    private static byte[] slice(byte[] pixels, int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(pixels, offset, out, 0, length);
        return out;
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException("IDX file " + file + " does not exist; check the path in <dataset>.");
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            in = new GZIPInputStream(in);
        }
        return new DataInputStream(in);
    }

    private static void checkMagic(int actual, int expected, Path file, String kind) {
        if (actual != expected) {
            throw new DatasetException(
                    file + " is not an IDX " + kind + " file (magic number "
                            + String.format("0x%08x", actual) + ", expected "
                            + String.format("0x%08x", expected) + ").");
        }
    }
}
