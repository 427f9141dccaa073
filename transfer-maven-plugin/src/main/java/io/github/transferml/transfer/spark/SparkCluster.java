package io.github.transferml.transfer.spark;

import io.github.transferml.transfer.cache.FeatureCache;
import io.github.transferml.transfer.cluster.Cluster;
import io.github.transferml.transfer.cluster.ClusterImage;
import io.github.transferml.transfer.cluster.ClusterPass;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.config.SparkOptions;
import io.github.transferml.transfer.data.DatasetException;
import io.github.transferml.transfer.data.ImageFolderReader;
import io.github.transferml.transfer.data.LabeledImage;
import io.github.transferml.transfer.engine.Numerics;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark session that lists and hashes image folders with Spark's {@code binaryFile} source, and
 * runs a frozen prefix over the images on the executors ({@link ExecutorPass}): one model per
 * executor JVM, the same batches as a local pass. The features, with each row's label and file digest,
 * go to Parquet under a temporary name,
 * which is renamed once Spark has committed every partition; only then does the build read them.
 */
public final class SparkCluster implements Cluster {

    /** Partitions per task slot: small enough to balance slow images, few enough to keep tasks cheap. */
    private static final int PARTITIONS_PER_SLOT = 4;

    private final SparkOptions options;
    private final Numerics numerics;
    private final Consumer<String> log;
    private final SparkSession session;
    private final JavaSparkContext context;
    private final String output;

    /**
     * Starts the session.
     *
     * @param options the POM's {@code <spark>}
     * @param numerics the numerics the executors must compute with
     * @param workDirectory the build's work directory, the features' default output
     * @param log receives progress lines
     * @throws ConfigurationException naming {@code spark.master} if the master cannot be reached
     */
    public SparkCluster(SparkOptions options, Numerics numerics, Path workDirectory, Consumer<String> log) {
        this.options = options;
        this.numerics = numerics;
        this.log = log;
        this.output = options.output() != null ? options.output()
                : workDirectory.resolve("spark-features").toAbsolutePath().normalize().toUri().toString();
        checkReachable(options.master());
        SparkConf conf = SparkSettings.of(options, numerics);
        long start = System.nanoTime();
        try {
            session = SparkSession.builder().config(conf).getOrCreate();
        } catch (RuntimeException e) {
            throw new ConfigurationException("spark.master", "Spark did not start with master " + options.master()
                    + ": " + SparkFailures.reason(e) + ". Check <spark><master> and <spark><conf>.");
        }
        session.sparkContext().setLogLevel("WARN");
        context = JavaSparkContext.fromSparkContext(session.sparkContext());
        log.accept(String.format(Locale.ROOT, "Spark %s started in %.1f s: %s, %d task slot%s", session.version(),
                (System.nanoTime() - start) / 1e9, options.describe(), context.defaultParallelism(),
                context.defaultParallelism() == 1 ? "" : "s"));
        if (!options.isLocal() && output.startsWith("file:")) {
            log.accept("The features go to " + output + " on each executor's file system: on a cluster, set"
                    + " <spark><output> to a folder every executor and this machine share (hdfs://…, s3a://…).");
        }
    }

    /** A standalone master that does not answer would only time out after a minute of retries: ask first. */
    static void checkReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        List<String> failures = new ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = hostPort.substring(0, colon);
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 5000);
                return; // one live master of a high-availability list is enough
            } catch (IOException e) {
                failures.add(hostPort + " (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage()) + ")");
            }
        }
        throw new ConfigurationException("spark.master", "cannot reach the Spark master " + master + ": "
                + String.join(", ", failures) + ". Check that the master runs and that this machine can reach"
                + " it, or use local[N] to run Spark here.");
    }

    @Override
    public String describe() {
        return "Spark " + session.version() + ", " + options.describe();
    }

    @Override
    public Contents contents(Folder folder) {
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(folder.location());
        try {
            FileSystem fs = root.getFileSystem(hadoop());
            if (!fs.exists(root)) {
                throw new DatasetException("<" + folder.parameter() + "> " + folder.location() + " does not exist"
                        + " for Spark. Point it at a folder with one sub-folder of images per class that the"
                        + " cluster can read.");
            }
            if (!fs.getFileStatus(root).isDirectory()) {
                throw new DatasetException("<" + folder.parameter() + "> " + folder.location() + " is a file, not a"
                        + " folder. Point it at a folder with one sub-folder of images per class.");
            }
            List<String> classes = new ArrayList<>();
            int loose = 0;
            for (FileStatus child : fs.listStatus(root)) {
                String name = child.getPath().getName();
                if (child.isDirectory() && !name.startsWith(".")) {
                    classes.add(name);
                } else if (child.isFile() && ImageFolderReader.isImage(Path.of(name))) {
                    loose++;
                }
            }
            classes.sort(ImageFolderReader::compareAsPaths);
            return new Contents(classes, loose);
        } catch (IOException e) {
            throw new DatasetException("Cannot list <" + folder.parameter() + "> " + folder.location() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<ListedFile> list(List<Folder> folders, Map<String, List<String>> classFolders) {
        long start = System.nanoTime();
        // What a local build would read: the image files directly inside each class folder.
        Map<String, ListedFile> expected = new HashMap<>();
        List<String> classPaths = new ArrayList<>();
        Configuration hadoop = hadoop();
        for (Folder folder : folders) {
            org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(folder.location());
            for (String className : classFolders.get(folder.role())) {
                org.apache.hadoop.fs.Path classPath = new org.apache.hadoop.fs.Path(root, className);
                try {
                    FileSystem fs = classPath.getFileSystem(hadoop);
                    classPaths.add(fs.makeQualified(classPath).toString());
                    for (FileStatus file : fs.listStatus(classPath)) {
                        String name = file.getPath().getName();
                        if (file.isFile() && ImageFolderReader.isImage(Path.of(name))) {
                            String location = fs.makeQualified(file.getPath()).toString();
                            expected.put(location, new ListedFile(folder.role(), className + "/" + name, location,
                                    null));
                        }
                    }
                } catch (IOException e) {
                    throw new DatasetException("Cannot list class folder " + classPath + " of <" + folder.parameter()
                            + ">: " + e.getMessage(), e);
                }
            }
        }
        // Spark's own source reads and hashes them, on the executors.
        Dataset<Row> files = session.read().format("binaryFile").option("recursiveFileLookup", "true")
                .load(classPaths.toArray(String[]::new)).select("path", "content");
        List<Row> hashed = SparkFailures.run("hashing the data files", () -> files.javaRDD()
                .mapPartitions(new HashFiles()).collect());
        List<ListedFile> listed = new ArrayList<>(expected.size());
        for (Row row : hashed) {
            ListedFile file = expected.remove(row.getString(0));
            if (file != null) {
                listed.add(new ListedFile(file.role(), file.id(), file.location(), row.getString(1)));
            }
        }
        if (!expected.isEmpty()) {
            List<String> skipped = expected.keySet().stream().sorted().limit(3).toList();
            throw new DatasetException(String.format(Locale.ROOT, "Spark's file source skipped %d image file%s: %s%s."
                    + " It skips names that start with _ or . (hidden files); rename them, or remove them.",
                    expected.size(), expected.size() == 1 ? "" : "s", String.join(", ", skipped),
                    expected.size() > 3 ? ", …" : ""));
        }
        log.accept(String.format(Locale.ROOT, "Spark listed and hashed %,d image files in %.1f s", listed.size(),
                (System.nanoTime() - start) / 1e9));
        return listed;
    }

    @Override
    public byte[] read(String location) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
        try (InputStream in = path.getFileSystem(hadoop()).open(path)) {
            return in.readAllBytes();
        }
    }

    @Override
    public List<FeatureCache> extract(ClusterPass pass) {
        int views = pass.views();
        int rows = Math.multiplyExact(pass.images().size(), views);
        int batchSize = pass.prefix().batchSize();
        List<ExecutorPass.Batch> batches = new ArrayList<>();
        for (int from = 0; from < rows; from += batchSize) {
            int to = Math.min(rows, from + batchSize);
            String[] locations = new String[to - from];
            String[] digests = new String[to - from];
            int[] labels = new int[to - from];
            for (int row = from; row < to; row++) {
                LabeledImage image = pass.images().images().get(row / views);
                if (!(image.source() instanceof ClusterImage source)) {
                    throw new IllegalArgumentException(image.id() + " was not listed by the cluster");
                }
                locations[row - from] = source.location();
                digests[row - from] = source.sha256();
                labels[row - from] = image.label();
            }
            batches.add(new ExecutorPass.Batch(from, views, locations, digests, labels));
        }
        int slots = context.defaultParallelism();
        int partitions = Math.max(1, Math.min(batches.size(), slots * PARTITIONS_PER_SLOT));
        Broadcast<byte[]> prefix = context.broadcast(ExecutorModel.serialise(pass.prefix()));
        String run = UUID.randomUUID().toString();
        org.apache.hadoop.fs.Path temporary = new org.apache.hadoop.fs.Path(output, run + ".tmp");
        org.apache.hadoop.fs.Path committed = new org.apache.hadoop.fs.Path(output, run);
        List<FeatureCache> caches = new ArrayList<>();
        try {
            long start = System.nanoTime();
            pass.progress().accept(String.format(Locale.ROOT, "Caching features of %s on Spark: %,d %s in %d"
                    + " batches of %d, %d partitions, %d task slot%s", pass.what(), rows,
                    views == 1 ? "images" : "augmented views", batches.size(), batchSize, partitions, slots,
                    slots == 1 ? "" : "s"));
            ExecutorPass task = new ExecutorPass(prefix, pass.input(), pass.limit(), pass.augmentation(),
                    pass.seed(), pass.engine(), numerics.mode().pomName(), numerics.threads(), hadoopBytes());
            JavaRDD<Row> features = context.parallelize(batches, partitions).mapPartitions(task);
            TaskWatch watch = new TaskWatch();
            session.sparkContext().addSparkListener(watch);
            SparkFailures.run("the frozen pass", () -> {
                session.createDataFrame(features, schema(pass.prefix().rowShapes().size())).write()
                        .parquet(temporary.toString());
                return null;
            });
            FileSystem fs = temporary.getFileSystem(hadoop());
            if (!fs.exists(new org.apache.hadoop.fs.Path(temporary, "_SUCCESS")) || !fs.rename(temporary, committed)) {
                throw new IllegalStateException("Spark did not commit the features in " + temporary);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            watch.settle();
            session.sparkContext().removeSparkListener(watch);
            int executors = watch.executors();
            pass.progress().accept(String.format(Locale.ROOT, "Spark computed %,d rows of %s in %.1f s, %.0f"
                    + " images/s: %d partitions on %d executor%s%s", rows, pass.what(), seconds, rows / seconds,
                    partitions, executors, executors == 1 ? "" : "s", watch.retries()));
            for (long[] shape : pass.prefix().rowShapes()) {
                caches.add(FeatureCache.create(rows, new ai.djl.ndarray.types.Shape(shape), pass.precision(),
                        pass.budget(), pass.workDirectory()));
            }
            fill(committed, caches, batches, batchSize, rows);
            return caches;
        } catch (IOException e) {
            caches.forEach(FeatureCache::close);
            throw new UncheckedIOException("Cannot commit the features Spark wrote to " + output, e);
        } catch (RuntimeException e) {
            caches.forEach(FeatureCache::close);
            throw e;
        } finally {
            ExecutorModel.release(prefix.id()); // a local master's executors are this JVM
            prefix.destroy();
            delete(temporary);
            delete(committed);
        }
    }

    /**
     * Reads the committed rows into the caches, checking that every row came exactly once, with the
     * label and the file digest it was sent out with.
     */
    private void fill(org.apache.hadoop.fs.Path committed, List<FeatureCache> caches,
            List<ExecutorPass.Batch> batches, int batchSize, int rows) {
        BitSet seen = new BitSet(rows);
        Iterator<Row> read = session.read().parquet(committed.toString()).toLocalIterator();
        while (read.hasNext()) {
            Row row = read.next();
            int index = row.getInt(0);
            if (index < 0 || index >= rows || seen.get(index)) {
                throw new IllegalStateException("Spark wrote row " + index + " of " + rows + " twice or out of range");
            }
            seen.set(index);
            ExecutorPass.Batch batch = batches.get(index / batchSize);
            int k = index - batch.firstRow();
            if (row.getInt(1) != batch.labels()[k] || !batch.digests()[k].equals(row.getString(2))) {
                throw new IllegalStateException("Spark wrote row " + index + " with label " + row.getInt(1) + " and"
                        + " file " + row.getString(2) + ", not " + batch.labels()[k] + " and " + batch.digests()[k]);
            }
            for (int output = 0; output < caches.size(); output++) {
                byte[] bytes = row.getAs(ExecutorPass.FEATURES + output);
                float[] values = new float[bytes.length / Float.BYTES];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                caches.get(output).put(index, values);
            }
        }
        if (seen.cardinality() != rows) {
            throw new IllegalStateException("Spark wrote " + seen.cardinality() + " of " + rows + " rows; row "
                    + seen.nextClearBit(0) + " is missing");
        }
    }

    private static StructType schema(int outputs) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("row", DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField("label", DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField("sha256", DataTypes.StringType, false));
        for (int i = 0; i < outputs; i++) {
            fields.add(DataTypes.createStructField("features" + i, DataTypes.BinaryType, false));
        }
        return DataTypes.createStructType(fields);
    }

    private Configuration hadoop() {
        return session.sparkContext().hadoopConfiguration();
    }

    /** The build's Hadoop settings ({@code spark.hadoop.*}), for executors that open files themselves. */
    private byte[] hadoopBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            hadoop().write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void delete(org.apache.hadoop.fs.Path path) {
        try {
            path.getFileSystem(hadoop()).delete(path, true);
        } catch (IOException | RuntimeException e) {
            log.accept("Could not delete " + path + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        session.stop();
    }
}
