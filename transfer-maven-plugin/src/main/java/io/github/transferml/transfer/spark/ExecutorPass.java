package io.github.transferml.transfer.spark;

import io.github.transferml.transfer.augment.Augmentation;
import io.github.transferml.transfer.augment.ImageAugmenter;
import io.github.transferml.transfer.config.PixelLimit;
import io.github.transferml.transfer.data.DatasetException;
import io.github.transferml.transfer.data.ImageDecoder;
import io.github.transferml.transfer.data.ImagePreprocessor;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.data.LabeledImage;
import io.github.transferml.transfer.data.PreparedImages;
import io.github.transferml.transfer.util.Sha256;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * On an executor: the frozen pass over one partition's batches. Each image is read where it lies,
 * checked against the digest it was listed with, decoded, augmented and preprocessed by the same
 * code as a local pass ({@link PreparedImages#prepare}), and each batch runs through the executor
 * JVM's one model ({@link ExecutorModel}). Batches are a local pass's batches, row for row, so the
 * features are the same bytes.
 */
final class ExecutorPass implements FlatMapFunction<Iterator<ExecutorPass.Batch>, Row> {

    private static final long serialVersionUID = 1L;
    /** The columns of a row: its index, label and file digest, then one column of features per output. */
    static final int FEATURES = 3;

    /**
     * One batch of a local pass: rows {@code firstRow…} in order, row r being view {@code r % views}
     * of image {@code r / views}.
     *
     * @param firstRow its first row
     * @param views the views of each image
     * @param locations where each row's image lies
     * @param digests the SHA-256 each image was listed with
     * @param labels each row's class index
     */
    record Batch(int firstRow, int views, String[] locations, String[] digests, int[] labels)
            implements Serializable {}

    private final Broadcast<byte[]> prefix;
    private final InputSpec input;
    private final PixelLimit limit;
    private final Augmentation augmentation;
    private final long seed;
    private final String engine;
    private final String numerics;
    private final int threads;
    private final byte[] hadoop;

    ExecutorPass(Broadcast<byte[]> prefix, InputSpec input, PixelLimit limit, Augmentation augmentation, long seed,
            String engine, String numerics, int threads, byte[] hadoop) {
        this.prefix = prefix;
        this.input = input;
        this.limit = limit;
        this.augmentation = augmentation;
        this.seed = seed;
        this.engine = engine;
        this.numerics = numerics;
        this.threads = threads;
        this.hadoop = hadoop;
    }

    @Override
    public Iterator<Row> call(Iterator<Batch> batches) throws IOException {
        ExecutorModel model = ExecutorModel.of(prefix.id(), prefix::value, engine, numerics, threads);
        ImagePreprocessor preprocessor = new ImagePreprocessor(input);
        ImageAugmenter augmenter = augmentation == null ? null : new ImageAugmenter(augmentation);
        Configuration conf = new Configuration(false);
        conf.readFields(new DataInputStream(new ByteArrayInputStream(hadoop)));
        int size = Math.toIntExact(model.prefix().image().size());
        // One batch at a time: a partition's features never sit in memory together.
        return new Iterator<>() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && batches.hasNext()) {
                    run(batches.next(), model, preprocessor, augmenter, conf, size, ready);
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.removeFirst();
            }
        };
    }

    private void run(Batch batch, ExecutorModel model, ImagePreprocessor preprocessor, ImageAugmenter augmenter,
            Configuration conf, int size, ArrayDeque<Row> rows) {
        int n = batch.locations().length;
        float[] values = new float[n * size];
        for (int i = 0; i < n; i++) {
            int row = batch.firstRow() + i;
            String location = batch.locations()[i];
            byte[] bytes = read(conf, location, batch.digests()[i]);
            LabeledImage image = new LabeledImage(location, 0, () -> ImageDecoder.decode(bytes, location, limit));
            float[][] prepared = PreparedImages.prepare(image, row / batch.views(), row % batch.views(), 1,
                    augmenter, seed, preprocessor, engine);
            System.arraycopy(prepared[0], 0, values, i * size, size);
        }
        float[][] outputs = model.forward(values, n);
        for (int i = 0; i < n; i++) {
            Object[] fields = new Object[FEATURES + outputs.length];
            fields[0] = batch.firstRow() + i;
            fields[1] = batch.labels()[i];
            fields[2] = batch.digests()[i];
            for (int o = 0; o < outputs.length; o++) {
                int per = outputs[o].length / n;
                ByteBuffer bytes = ByteBuffer.allocate(per * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(outputs[o], i * per, per);
                fields[FEATURES + o] = bytes.array();
            }
            rows.add(RowFactory.create(fields));
        }
    }

    /** Reads an image where it lies, and fails if it is not the file that was listed and hashed. */
    private static byte[] read(Configuration conf, String location, String digest) {
        byte[] bytes;
        try {
            Path path = new Path(location);
            try (InputStream in = path.getFileSystem(conf).open(path)) {
                bytes = in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + location + " on executor " + ExecutorModel.where()
                    + ": " + e.getMessage(), e);
        }
        if (!Sha256.of(bytes).equals(digest)) {
            throw new DatasetException("Image " + location + " changed while the build ran (its SHA-256 is not the"
                    + " one the dataset digest holds). Leave the data alone during a build, and build again.");
        }
        return bytes;
    }
}
