package io.github.transferml.transfer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.Image;
import io.github.transferml.transfer.TestData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    private static final String REPLACE = " Replace it with an intact copy (e.g. download it again).";

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
        Path images = write("images.idx", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        Path labels = write("labels.idx", idx(0x00000801, new int[] {2}, new byte[2]));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, CLASSES));

        assertEquals(images + " is not an IDX image file (magic number 0x89504e47, expected 0x00000803). Give"
                + " MNIST-style IDX files (plain or gzipped), e.g. train-images-idx3-ubyte.gz.", e.getMessage());
    }

    @Test
    void read_should_fail_naming_the_file_when_labels_are_given_as_images() throws IOException {
        Path images = write("images.idx", idx(0x00000801, new int[] {2}, new byte[2]));
        Path labels = write("labels.idx", idx(0x00000801, new int[] {2}, new byte[2]));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, CLASSES));

        assertEquals(images + " is an IDX label file (idx1), not an IDX image file (idx3): the image and label files"
                + " seem swapped. Give the image file (e.g. train-images-idx3-ubyte.gz) in its place.", e.getMessage());
    }

    @Test
    void read_should_fail_naming_the_file_when_images_are_given_as_labels() throws IOException {
        Path images = write("images.idx", idx(0x00000803, new int[] {2, 2, 2}, new byte[8]));
        Path labels = write("labels.idx", idx(0x00000803, new int[] {2, 2, 2}, new byte[8]));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, CLASSES));

        assertEquals(labels + " is an IDX image file (idx3), not an IDX label file (idx1): the image and label files"
                + " seem swapped. Give the label file (e.g. train-labels-idx1-ubyte.gz) in its place.", e.getMessage());
    }

    @Test
    void read_should_fail_naming_the_file_when_images_are_truncated() throws IOException {
        Path images = write("images.idx", idx(0x00000803, new int[] {3, 2, 2}, new byte[10]));
        Path labels = write("labels.idx", idx(0x00000801, new int[] {3}, new byte[3]));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, CLASSES));

        assertEquals("IDX image file " + images + " declares 3 images of 2 x 2 pixels (16 + 12 = 28 bytes) but holds"
                + " only 26 bytes: it is truncated or its header is corrupt." + REPLACE, e.getMessage());
    }

    @Test
    void read_should_fail_naming_the_file_when_it_holds_more_than_declared() throws IOException {
        Path labels = write("labels.idx", idx(0x00000801, new int[] {2}, new byte[5]));

        DatasetException e =
                assertThrows(DatasetException.class, () -> IdxReader.read(TRAIN_IMAGES, labels, CLASSES));

        assertEquals("IDX label file " + labels + " declares 2 labels (8 + 2 = 10 bytes) but holds 13 bytes: its"
                + " header does not match its data." + REPLACE, e.getMessage());
    }

    @Test
    void read_should_fail_naming_the_file_when_labels_are_truncated() throws IOException {
        byte[] gz = Files.readAllBytes(TRAIN_LABELS);
        Path labels = write("labels.idx.gz", Arrays.copyOf(gz, gz.length / 2));

        DatasetException e =
                assertThrows(DatasetException.class, () -> IdxReader.read(TRAIN_IMAGES, labels, CLASSES));

        assertTrue(e.getMessage().matches("IDX label file \\Q" + labels + "\\E declares 1000 labels but holds only"
                + " [0-9]{1,3}: it is truncated or its header is corrupt\\. Replace it with an intact copy \\(e\\.g\\."
                + " download it again\\)\\."), e.getMessage());
    }

    @Test
    void read_should_fail_naming_the_file_when_gzipped_images_end_early() throws IOException {
        Path images = write("images.idx.gz", gzip(idx(0x00000803, new int[] {3, 2, 2}, new byte[9])));
        Path labels = write("labels.idx", idx(0x00000801, new int[] {3}, new byte[3]));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, CLASSES));

        assertEquals("IDX image file " + images + " declares 3 images of 2 x 2 pixels but holds only 2 (9 of 12"
                + " bytes): it is truncated or its header is corrupt." + REPLACE, e.getMessage());
    }

    @Test
    void read_should_fail_naming_the_file_when_gzipped_labels_hold_more_than_declared() throws IOException {
        Path labels = write("labels.idx.gz", gzip(idx(0x00000801, new int[] {2}, new byte[3])));

        DatasetException e =
                assertThrows(DatasetException.class, () -> IdxReader.read(TRAIN_IMAGES, labels, CLASSES));

        assertEquals("IDX label file " + labels + " holds more than the 2 labels it declares: its header does not"
                + " match its data." + REPLACE, e.getMessage());
    }

    @Test
    void read_should_fail_naming_the_file_when_its_gzip_data_is_corrupt() throws IOException {
        byte[] gz = gzip(idx(0x00000801, new int[] {3}, new byte[3]));
        gz[gz.length - 5] ^= 0x55; // the CRC-32 of the trailer
        Path labels = write("labels.idx.gz", gz);

        DatasetException e =
                assertThrows(DatasetException.class, () -> IdxReader.read(TRAIN_IMAGES, labels, CLASSES));

        assertEquals("IDX label file " + labels + " is not valid gzip data (Corrupt GZIP trailer)." + REPLACE,
                e.getMessage());
    }

    @Test
    void read_should_fail_naming_the_file_when_the_label_count_is_negative() throws IOException {
        Path labels = write("labels.idx", idx(0x00000801, new int[] {-1}, new byte[0]));

        DatasetException e =
                assertThrows(DatasetException.class, () -> IdxReader.read(TRAIN_IMAGES, labels, CLASSES));

        assertEquals("IDX label file " + labels + " declares -1 labels, which is impossible: its header is corrupt."
                + REPLACE, e.getMessage());
    }

    @Test
    void read_should_fail_naming_the_file_when_an_image_has_no_rows() throws IOException {
        Path images = write("images.idx", idx(0x00000803, new int[] {2, 0, 28}, new byte[0]));
        Path labels = write("labels.idx", idx(0x00000801, new int[] {2}, new byte[2]));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, CLASSES));

        assertEquals("IDX image file " + images + " declares images of 0 x 28 pixels, which is impossible: its header"
                + " is corrupt." + REPLACE, e.getMessage());
    }

    @Test
    void read_should_fail_naming_the_file_when_its_dimensions_overflow() throws IOException {
        Path images = write("images.idx", idx(0x00000803, new int[] {100000, 100000, 100000}, new byte[0]));
        Path labels = write("labels.idx", idx(0x00000801, new int[] {2}, new byte[2]));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, CLASSES));

        assertEquals("IDX image file " + images + " declares 100000 images of 100000 x 100000 pixels (16 +"
                + " 1000000000000000 = 1000000000000016 bytes) but holds only 16 bytes: it is truncated or its"
                + " header is corrupt." + REPLACE, e.getMessage());
    }

    @Test
    void read_should_fail_naming_the_file_when_gzipped_images_cannot_fit_one_array() throws IOException {
        Path images = write("images.idx.gz", gzip(idx(0x00000803, new int[] {100000, 100000, 100000}, new byte[0])));
        Path labels = write("labels.idx", idx(0x00000801, new int[] {2}, new byte[2]));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, CLASSES));

        assertEquals("IDX image file " + images + " declares 100000 images of 100000 x 100000 pixels,"
                + " 1000000000000000 bytes: more than one Java array holds (2147483639). Split it into smaller"
                + " files.", e.getMessage());
    }

    @Test
    void read_should_not_allocate_what_a_gzipped_header_declares_before_the_bytes_arrive() throws IOException {
        Path labels = write("labels.idx.gz", gzip(idx(0x00000801, new int[] {2_147_483_000}, new byte[10])));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        DatasetException e =
                assertThrows(DatasetException.class, () -> IdxReader.read(TRAIN_IMAGES, labels, CLASSES));

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals("IDX label file " + labels + " declares 2147483000 labels but holds only 10: it is truncated or"
                + " its header is corrupt." + REPLACE, e.getMessage());
        assertTrue(allocated < 16 << 20, allocated + " bytes allocated");
    }

    @Test
    void read_should_fail_naming_the_file_when_its_header_is_cut_short() throws IOException {
        Path images = write("images.idx", Arrays.copyOf(idx(0x00000803, new int[] {2, 2, 2}, new byte[8]), 10));
        Path labels = write("labels.idx", idx(0x00000801, new int[] {2}, new byte[2]));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, CLASSES));

        assertEquals("IDX image file " + images + " ends inside its 16-byte header: it is truncated or not an IDX"
                + " file." + REPLACE, e.getMessage());
    }

    @Test
    void read_should_fail_naming_a_directory_given_as_a_file() {
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, TRAIN_LABELS, CLASSES));

        assertEquals("IDX file " + dir + " is a directory, not a file; give the path of the image file itself.",
                e.getMessage());
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

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
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
