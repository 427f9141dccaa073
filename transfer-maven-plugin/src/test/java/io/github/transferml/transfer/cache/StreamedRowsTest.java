package io.github.transferml.transfer.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.augment.Augmentation;
import io.github.transferml.transfer.augment.ImageAugmenter;
import io.github.transferml.transfer.config.CachePrecision;
import io.github.transferml.transfer.data.DatasetLoader;
import io.github.transferml.transfer.data.ImagePreprocessor;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.data.LabeledImages;
import io.github.transferml.transfer.torchscript.TorchScriptImport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows streamed every epoch are exactly the rows a cache of the same images holds, in any order and
 * batch size, through a frozen block too; with augmentation each epoch is a fresh, seeded view:
 * real digit images, a torchvision ResNet imported from TorchScript.
 */
class StreamedRowsTest {

    private static final InputSpec INPUT = new InputSpec(32, 32, false, "true");
    private static final Shape IMAGE = new Shape(3, 32, 32);
    private static final ImageAugmenter AUGMENTER = new ImageAugmenter(Augmentation.builder().optHorizontalFlip(true)
            .optRotation(15).optRandomResizedCrop(0.6).optViews(3).build());
    private static final int[] ORDER = {17, 3, 0, 29, 8, 8, 12, 25, 1, 4, 22, 9, 30, 2, 19, 5, 27, 11, 6, 14};

    @Test
    void an_epoch_should_hold_the_rows_a_cache_holds_in_the_order_asked_for(@TempDir Path work) {
        LabeledImages images = digits(31);
        ImagePreprocessor preprocessor = new ImagePreprocessor(INPUT);
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                FeatureCache cache = extractor(preprocessor, null, IMAGE, work).extract(manager, images, "digits")) {
            for (int threads : new int[] {1, 3}) {
                StreamedRows stream = new StreamedRows(images, null, 0, preprocessor, null, IMAGE, "PyTorch", threads);
                assertEquals(31, stream.rows());
                assertTrue(stream.isStreamed());
                assertEquals(0, stream.bytes(), "holds nothing");
                for (int epoch : new int[] {0, 4}) {
                    assertArrayEquals(read(cache, ORDER, 7, epoch, manager), read(stream, ORDER, 7, epoch, manager),
                            threads + " threads, epoch " + epoch + ": bit for bit, without augmentation every epoch");
                }
            }
        }
    }

    @Test
    void a_frozen_block_should_give_the_features_a_cache_holds(@TempDir Path work) throws Exception {
        Path file = TestData.root().resolve("torchscript/tiny-resnet-basic.pt");
        LabeledImages images = digits(20);
        ImagePreprocessor preprocessor = new ImagePreprocessor(INPUT);
        try (ZooModel<NDList, NDList> whole = Criteria.builder().setTypes(NDList.class, NDList.class)
                        .optEngine("PyTorch").optModelUrls(file.toUri().toString()).build().loadModel();
                Model model = TorchScriptImport.of(file, whole.getBlock(), "PyTorch", IMAGE).model();
                NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock frozen = new SequentialBlock();
            List<Block> children = model.getBlock().getChildren().values();
            children.subList(0, 2).forEach(frozen::add); // the stem and the first stage
            Shape rowShape = frozen.getOutputShapes(new Shape[] {new Shape(1).addAll(IMAGE)})[0].slice(1);
            int[] order = {19, 0, 7, 7, 13, 2, 11, 5, 16, 3};
            try (FeatureCache cache = extractor(preprocessor, frozen, rowShape, work).extract(manager, images, "f")) {
                StreamedRows stream = new StreamedRows(images, null, 0, preprocessor, frozen, rowShape, "PyTorch", 2);
                float[] streamed = read(stream, order, 4, 0, manager);
                assertArrayEquals(read(cache, order, 4, 0, manager), streamed, "the frozen block's output, bit for bit");
                assertEquals(order.length * rowShape.size(), streamed.length);
            }
        }
    }

    @Test
    void each_epoch_should_draw_fresh_seeded_views_the_same_for_any_thread_count(@TempDir Path work) {
        LabeledImages images = digits(10);
        ImagePreprocessor preprocessor = new ImagePreprocessor(INPUT);
        int[] rows = new int[30];
        Arrays.setAll(rows, i -> i);
        ImageAugmenter nineViews = new ImageAugmenter(Augmentation.builder().optHorizontalFlip(true).optRotation(15)
                .optRandomResizedCrop(0.6).optViews(9).build());
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                FeatureCache three = extractor(preprocessor, null, IMAGE, work).extract(manager, images, "views",
                        AUGMENTER, 11);
                FeatureCache nine = extractor(preprocessor, null, IMAGE, work).extract(manager, images, "views",
                        nineViews, 11)) {
            int size = (int) IMAGE.size();
            for (int threads : new int[] {1, 2}) {
                StreamedRows stream = new StreamedRows(images, AUGMENTER, 11, preprocessor, null, IMAGE, "PyTorch",
                        threads);
                assertEquals(30, stream.rows(), "3 views of each image an epoch, as a cache of 3 views lays them out");
                int[] shuffled = {29, 3, 0, 17, 8, 8, 12, 25, 1, 4, 22, 9};
                assertArrayEquals(read(three, shuffled, 5, 0, manager), read(stream, shuffled, 5, 0, manager),
                        "epoch 0 is the cache's rows");
                for (int epoch = 1; epoch < 3; epoch++) {
                    float[] streamed = read(stream, rows, 7, epoch, manager);
                    for (int image = 0; image < 10; image++) {
                        for (int v = 0; v < 3; v++) {
                            int row = image * 3 + v;
                            assertArrayEquals(read(nine, new int[] {image * 9 + epoch * 3 + v}, 1, 0, manager),
                                    Arrays.copyOfRange(streamed, row * size, (row + 1) * size), threads + " threads:"
                                            + " epoch " + epoch + ", image " + image + " is view " + (epoch * 3 + v));
                        }
                    }
                }
                assertFalse(Arrays.equals(read(stream, rows, 30, 0, manager), read(stream, rows, 30, 1, manager)),
                        "epochs differ");
            }
            StreamedRows reseeded = new StreamedRows(images, AUGMENTER, 12, preprocessor, null, IMAGE, "PyTorch", 2);
            assertNotEquals(read(three, new int[] {0}, 1, 0, manager)[300],
                    read(reseeded, new int[] {0}, 1, 0, manager)[300], "another seed, another view");
        }
    }

    @Test
    void reading_past_the_last_batch_should_fail() {
        LabeledImages images = digits(5);
        StreamedRows stream = new StreamedRows(images, null, 0, new ImagePreprocessor(INPUT), null, IMAGE, "PyTorch",
                2);
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                TrainingRows.Batches batches = stream.batches(new int[] {0, 1, 2, 3, 4}, 3, 0)) {
            assertEquals(new Shape(3, 3, 32, 32), batches.next(manager).getShape());
            assertEquals(new Shape(2, 3, 32, 32), batches.next(manager).getShape(), "the last batch is smaller");
            assertThrows(NoSuchElementException.class, () -> batches.next(manager));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> stream.batches(new int[] {5}, 1, 0));
    }

    /** All rows of the order, batch by batch, as one array. */
    private static float[] read(TrainingRows rows, int[] order, int batchSize, int epoch, NDManager manager) {
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        try (TrainingRows.Batches batches = rows.batches(order, batchSize, epoch)) {
            for (int from = 0; from < order.length; from += batchSize) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray batch = batches.next(scope);
                    assertEquals(Math.min(batchSize, order.length - from), batch.getShape().get(0));
                    float[] values = batch.toFloatArray();
                    parts.add(values);
                    total += values.length;
                }
            }
        }
        float[] all = new float[total];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static FeatureExtractor extractor(ImagePreprocessor preprocessor, Block frozen, Shape rowShape,
            Path work) {
        return new FeatureExtractor(preprocessor, frozen, rowShape, CachePrecision.FLOAT32,
                CacheBudget.forRun(64L << 20, Runtime.getRuntime().maxMemory(), warning -> {}), work, line -> {});
    }

    private static LabeledImages digits(int count) {
        LabeledImages train = DatasetLoader.load(TestData.digitFolders(), 42).train();
        return new LabeledImages(train.classNames(), train.images().subList(0, count));
    }
}
