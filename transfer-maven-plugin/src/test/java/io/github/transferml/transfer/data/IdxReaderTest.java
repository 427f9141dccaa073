package io.github.transferml.transfer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.modality.cv.Image;
import io.github.transferml.transfer.TestData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    private static final Path FASHION = TestData.root().resolve("fashion-mnist");
    private static final Path TRAIN_IMAGES = FASHION.resolve("train-images-idx3-ubyte.gz");
    private static final Path TRAIN_LABELS = FASHION.resolve("train-labels-idx1-ubyte.gz");
    private static final List<String> CLASSES = TestData.fashionIdx().classNames();

    @TempDir
    Path dir;

    @Test
    void read_should_give_every_record_with_its_label() {
        LabeledImages train = IdxReader.read(TRAIN_IMAGES, TRAIN_LABELS, CLASSES);
        LabeledImages validation = IdxReader.read(FASHION.resolve("validation-images-idx3-ubyte.gz"),
                FASHION.resolve("validation-labels-idx1-ubyte.gz"), CLASSES);

        assertEquals(1000, train.size());
        assertEquals(200, validation.size());
        int[] hundredEach = new int[10];
        Arrays.fill(hundredEach, 100);
        assertArrayEquals(hundredEach, train.countPerClass());
        assertEquals(CLASSES, train.classNames());
        assertEquals("train-images-idx3-ubyte.gz#7", train.images().get(7).id());
    }

    @Test
    void read_should_take_labels_from_the_label_file_in_record_order() throws IOException {
        byte[] labels = gunzip(TRAIN_LABELS);

        LabeledImages train = IdxReader.read(TRAIN_IMAGES, TRAIN_LABELS, CLASSES);

        for (int i = 0; i < train.size(); i++) {
            assertEquals(labels[8 + i], train.images().get(i).label(), "record " + i);
        }
    }

    @Test
    void decode_should_give_a_grey_28x28_image_with_the_record_pixels() throws IOException {
        byte[] file = gunzip(TRAIN_IMAGES);

        Image image = IdxReader.read(TRAIN_IMAGES, TRAIN_LABELS, CLASSES).images().get(5).decode();

        assertEquals(28, image.getWidth());
        assertEquals(28, image.getHeight());
        BufferedImage buffered = (BufferedImage) image.getWrappedImage();
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, buffered.getType());
        byte[] pixels = (byte[]) buffered.getRaster().getDataElements(0, 0, 28, 28, null);
        assertArrayEquals(Arrays.copyOfRange(file, 16 + 5 * 784, 16 + 6 * 784), pixels);
    }

    @Test
    void read_should_name_an_image_file_with_the_wrong_magic_number() throws IOException {
        Path images = write("images.idx", idx(0x00000801, new int[] {2, 2, 2}, new byte[8]));
        Path labels = write("labels.idx", idx(0x00000801, new int[] {2}, new byte[2]));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, CLASSES));

        assertEquals(images + " is not an IDX images (idx3) file (magic number 0x00000801, expected 0x00000803).",
                e.getMessage());
    }

    @Test
    void read_should_name_a_label_file_with_the_wrong_magic_number() throws IOException {
        Path images = write("images.idx", idx(0x00000803, new int[] {2, 2, 2}, new byte[8]));
        Path labels = write("labels.idx", idx(0x00000803, new int[] {2, 2, 2}, new byte[8]));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, CLASSES));

        assertEquals(labels + " is not an IDX labels (idx1) file (magic number 0x00000803, expected 0x00000801).",
                e.getMessage());
    }

    @Test
    void read_should_name_a_truncated_image_file() throws IOException {
        Path images = write("images.idx", idx(0x00000803, new int[] {3, 2, 2}, new byte[10]));
        Path labels = write("labels.idx", idx(0x00000801, new int[] {3}, new byte[3]));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, CLASSES));

        assertEquals("IDX image file " + images + " is truncated.", e.getMessage());
    }

    @Test
    void read_should_name_a_truncated_gzipped_label_file() throws IOException {
        byte[] gz = Files.readAllBytes(TRAIN_LABELS);
        Path labels = write("labels.idx.gz", Arrays.copyOf(gz, gz.length / 2));

        DatasetException e =
                assertThrows(DatasetException.class, () -> IdxReader.read(TRAIN_IMAGES, labels, CLASSES));

        assertEquals("IDX label file " + labels + " is truncated.", e.getMessage());
    }

    @Test
    void read_should_name_the_label_file_when_a_label_has_no_class_name() throws IOException {
        Path images = write("images.idx", idx(0x00000803, new int[] {2, 2, 2}, new byte[8]));
        Path labels = write("labels.idx", idx(0x00000801, new int[] {2}, new byte[] {1, 5}));

        DatasetException e = assertThrows(DatasetException.class,
                () -> IdxReader.read(images, labels, List.of("a", "b")));

        assertEquals(labels + " has label 5 at record 1, but <classNames> lists only 2 classes; add the missing"
                + " class names.", e.getMessage());
    }

    @Test
    void read_should_name_both_files_when_their_counts_differ() throws IOException {
        Path images = write("images.idx", idx(0x00000803, new int[] {2, 2, 2}, new byte[8]));
        Path labels = write("labels.idx", idx(0x00000801, new int[] {3}, new byte[3]));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, CLASSES));

        assertEquals(images + " holds 2 images but " + labels + " holds 3 labels; give files that belong together.",
                e.getMessage());
    }

    @Test
    void read_should_name_a_missing_file() {
        Path labels = dir.resolve("missing-labels.idx");

        DatasetException e =
                assertThrows(DatasetException.class, () -> IdxReader.read(TRAIN_IMAGES, labels, CLASSES));

        assertEquals("IDX file " + labels + " does not exist; check the path in <dataset>.", e.getMessage());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] idx(int magic, int[] dimensions, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int dimension : dimensions) {
                out.writeInt(dimension);
            }
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
