package io.github.transferml.transfer.data;

import ai.djl.modality.cv.ImageFactory;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MNIST's IDX format (plain or gzipped): an image file of unsigned bytes with dimensions
 * {@code n × rows × cols}, and a label file of n unsigned bytes.
 *
 * <p>A header is only a claim: every dimension is checked, and so is the payload it declares
 * against the bytes that are really there before anything of that size is allocated, so a corrupt or
 * hostile header fails with a message naming the file instead of an overflow or an exhausted heap.
 */
public final class IdxReader {

    /** The largest array a JVM reliably allocates (as the JDK's own {@code ArraysSupport} assumes). */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private static final String REPLACE = " Replace it with an intact copy (e.g. download it again).";

    private IdxReader() {}

    /** The two kinds of IDX file this reads, with what tells them apart. */
    private enum Kind {
        LABELS(0x00000801, "label", "idx1", 1),
        IMAGES(0x00000803, "image", "idx3", 3);

        final int magic;
        final String noun;
        final String suffix;
        final int dimensions;

        Kind(int magic, String noun, String suffix, int dimensions) {
            this.magic = magic;
            this.noun = noun;
            this.suffix = suffix;
            this.dimensions = dimensions;
        }

        String describe(Path file) {
            return "IDX " + noun + " file " + file;
        }

        int headerBytes() {
            return 4 + 4 * dimensions;
        }

        Kind other() {
            return this == LABELS ? IMAGES : LABELS;
        }
    }

    /** One IDX file, read whole: {@code count} records of {@code rows × cols} bytes (1 × 1 for labels). */
    private record Idx(int count, int rows, int cols, byte[] data) {}

    /**
     * Reads an image file and its label file.
     *
     * @param images the image file
     * @param labels the label file
     * @param classNames the class names, index = label
     * @return the examples; each decodes to an 8-bit grey image
     * @throws DatasetException naming the file, if a file is missing, corrupt or does not match the other
     */
    public static LabeledImages read(Path images, Path labels, List<String> classNames) {
        byte[] labelBytes = read(labels, Kind.LABELS).data();
        Idx imageFile = read(images, Kind.IMAGES);
        int count = imageFile.count();
        int rows = imageFile.rows();
        int cols = imageFile.cols();
        byte[] pixels = imageFile.data();
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

    private static Idx read(Path file, Kind kind) {
        if (!Files.exists(file)) {
            throw new DatasetException("IDX file " + file + " does not exist; check the path in <dataset>.");
        }
        if (!Files.isRegularFile(file)) {
            throw new DatasetException("IDX file " + file + " is a directory, not a file; give the path of the "
                    + kind.noun + " file itself.");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            boolean gzip = isGzip(raw);
            DataInputStream in = new DataInputStream(gzip ? new GZIPInputStream(raw) : raw);
            int[] header = header(in, file, kind);
            int count = header[0];
            int rows = kind == Kind.IMAGES ? header[1] : 1;
            int cols = kind == Kind.IMAGES ? header[2] : 1;
            BigInteger declared = BigInteger.valueOf(count).multiply(BigInteger.valueOf(rows))
                    .multiply(BigInteger.valueOf(cols));
            if (!gzip) {
                long size = Files.size(file);
                BigInteger expected = declared.add(BigInteger.valueOf(kind.headerBytes()));
                int comparison = expected.compareTo(BigInteger.valueOf(size));
                if (comparison != 0) {
                    throw new DatasetException(kind.describe(file) + " declares " + records(kind, count, rows, cols)
                            + " (" + kind.headerBytes() + " + " + declared + " = " + expected + " bytes) but holds "
                            + (comparison > 0 ? "only " + size + " bytes: it is truncated or its header is corrupt."
                                    : size + " bytes: its header does not match its data.")
                            + REPLACE);
                }
            }
            if (declared.compareTo(BigInteger.valueOf(MAX_ARRAY_LENGTH)) > 0) {
                throw new DatasetException(kind.describe(file) + " declares " + records(kind, count, rows, cols)
                        + ", " + declared + " bytes: more than one Java array holds (" + MAX_ARRAY_LENGTH
                        + "). Split it into smaller files.");
            }
            int length = declared.intValueExact();
            byte[] data = gzip ? readGrowing(in, length, file, kind, count, rows, cols) : readExactly(in, length);
            return new Idx(count, rows, cols, data);
        } catch (ZipException e) {
            throw new DatasetException(kind.describe(file) + " is not valid gzip data (" + e.getMessage() + ")."
                    + REPLACE, e);
        } catch (EOFException e) {
            throw new DatasetException(kind.describe(file) + " is truncated." + REPLACE, e);
        } catch (IOException e) {
            throw new DatasetException("Cannot read " + kind.describe(file) + ": " + e.getMessage(), e);
        }
    }

    /** Reads and checks the magic number and dimensions; returns the dimensions. */
    private static int[] header(DataInputStream in, Path file, Kind kind) throws IOException {
        int magic;
        int[] dimensions = new int[kind.dimensions];
        try {
            magic = in.readInt();
            checkMagic(magic, file, kind);
            for (int d = 0; d < dimensions.length; d++) {
                dimensions[d] = in.readInt();
            }
        } catch (EOFException e) {
            throw new DatasetException(kind.describe(file) + " ends inside its " + kind.headerBytes()
                    + "-byte header: it is truncated or not an IDX file." + REPLACE, e);
        }
        if (dimensions[0] < 0) {
            throw new DatasetException(kind.describe(file) + " declares " + dimensions[0] + " " + kind.noun
                    + "s, which is impossible: its header is corrupt." + REPLACE);
        }
        if (kind == Kind.IMAGES && (dimensions[1] < 1 || dimensions[2] < 1)) {
            throw new DatasetException(kind.describe(file) + " declares images of " + dimensions[1] + " x "
                    + dimensions[2] + " pixels, which is impossible: its header is corrupt." + REPLACE);
        }
        return dimensions;
    }

    private static void checkMagic(int actual, Path file, Kind kind) {
        if (actual == kind.magic) {
            return;
        }
        if (actual == kind.other().magic) {
            throw new DatasetException(file + " is an IDX " + kind.other().noun + " file (" + kind.other().suffix
                    + "), not an IDX " + kind.noun + " file (" + kind.suffix + "): the image and label files seem"
                    + " swapped. Give the " + kind.noun + " file (e.g. train-" + kind.noun + "s-" + kind.suffix
                    + "-ubyte.gz) in its place.");
        }
        throw new DatasetException(file + " is not an IDX " + kind.noun + " file (magic number "
                + String.format("0x%08x", actual) + ", expected " + String.format("0x%08x", kind.magic)
                + "). Give MNIST-style IDX files (plain or gzipped), e.g. train-" + kind.noun + "s-" + kind.suffix
                + "-ubyte.gz.");
    }

    private static String records(Kind kind, int count, int rows, int cols) {
        return count + " " + kind.noun + (count == 1 ? "" : "s")
                + (kind == Kind.IMAGES ? " of " + rows + " x " + cols + " pixels" : "");
    }

    /** A plain file whose length was checked against its header: allocate what is known to be there. */
    private static byte[] readExactly(DataInputStream in, int length) throws IOException {
        byte[] data = new byte[length];
        in.readFully(data);
        return data;
    }

    /**
     * Reads a gzipped payload, whose real length is only known at its end, into a buffer that grows
     * with the bytes that really arrive, never to the declared length up front.
     */
    private static byte[] readGrowing(InputStream in, int declared, Path file, Kind kind, int count, int rows,
            int cols) throws IOException {
        byte[] buffer = new byte[Math.min(declared, 1 << 16)];
        int filled = 0;
        while (filled < declared) {
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(declared, 2L * buffer.length));
            }
            int n;
            try {
                n = in.read(buffer, filled, buffer.length - filled);
            } catch (EOFException e) { // GZIPInputStream: the compressed stream is cut short
                n = -1;
            }
            if (n < 0) {
                int recordBytes = rows * cols;
                throw new DatasetException(kind.describe(file) + " declares " + records(kind, count, rows, cols)
                        + " but holds only " + filled / recordBytes
                        + (kind == Kind.IMAGES ? " (" + filled + " of " + declared + " bytes)" : "")
                        + ": it is truncated or its header is corrupt." + REPLACE);
            }
            filled += n;
        }
        int next;
        try {
            next = in.read();
        } catch (EOFException e) {
            throw new DatasetException(kind.describe(file) + " is truncated: its gzip stream ends before its end"
                    + " marker." + REPLACE, e);
        }
        if (next >= 0) {
            throw new DatasetException(kind.describe(file) + " holds more than the " + records(kind, count, rows, cols)
                    + " it declares: its header does not match its data." + REPLACE);
        }
        return buffer;
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
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
}
