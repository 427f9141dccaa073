package io.github.transferml.transfer;

import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.DatasetSpec;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.train.TransferTraining;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The committed test data (see src/test/data/*&#47;SOURCE.md) and requests built on it. */
public final class TestData {

    /** The archive of {@link #fashionBase()}, once trained. */
    private static Path fashionBase;

    private TestData() {}

    /** @return the folder of committed test data */
    public static Path root() {
        return Paths.get(System.getProperty("transfer.testData", "src/test/data")).toAbsolutePath();
    }

    /** @return the 1000/200-image Fashion-MNIST subset in IDX format */
    public static DatasetSpec fashionIdx() {
        Path dir = root().resolve("fashion-mnist");
        try {
            List<String> classes = Files.readAllLines(dir.resolve("classes.txt"));
            return new DatasetSpec(DatasetSpec.Format.IDX, null, null, null,
                    dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"),
                    dir.resolve("validation-images-idx3-ubyte.gz"), dir.resolve("validation-labels-idx1-ubyte.gz"),
                    classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the 30+10-per-class MNIST digits as PNG folders */
    public static DatasetSpec digitFolders() {
        Path dir = root().resolve("digits");
        return new DatasetSpec(DatasetSpec.Format.FOLDER, dir.resolve("train"), dir.resolve("validation"), null,
                null, null, null, null, null);
    }

    /**
     * A resnet20 trained from scratch for 3 epochs on {@link #fashionIdx()}: the base that transfer
     * tests start from. Training it takes a while, so it happens once per test JVM, on first use,
     * into a temporary directory that is removed when the JVM exits. The archive is read-only: tests
     * share it and only read it.
     *
     * @return the base's archive
     */
    public static synchronized Path fashionBase() {
        if (fashionBase == null) {
            try {
                Path dir = Files.createTempDirectory("transfer-fashion-base-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
                Path archive = new TransferTraining(request(dir, new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE,
                        "resnet20", null), fashionIdx()).optEpochs(3).build(), null, TrainingEvents.NONE, "test")
                        .run().archive();
                if (!archive.toFile().setReadOnly()) {
                    throw new IOException("Could not make " + archive + " read-only");
                }
                fashionBase = archive;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fashionBase;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: what is left, the system's cleaning removes
        }
    }

    /**
     * A transfer of {@link #fashionBase()} to {@link #digitFolders()}, with outputs under {@code out}.
     *
     * @param out a temporary directory
     * @return a builder to adjust
     */
    public static TrainingRequest.Builder digitsOnFashionBase(Path out) {
        return request(out, new BaseModelSpec(BaseModelSpec.Kind.PATH, fashionBase().toString(), null), digitFolders());
    }

    /**
     * A request with outputs under {@code out}.
     *
     * @param out a temporary directory
     * @param base the base model
     * @param dataset the data
     * @return a builder to adjust
     */
    public static TrainingRequest.Builder request(Path out, BaseModelSpec base, DatasetSpec dataset) {
        return TrainingRequest.builder()
                .setBaseModel(base)
                .setDataset(dataset)
                .setArchiveFile(out.resolve("test-model.zip"))
                .setReportDirectory(out.resolve("transfer"))
                .setWorkDirectory(out.resolve("work"));
    }
}
