package io.github.transferml.transfer.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.runtime.TorchvisionResNet;
import io.github.transferml.transfer.torchscript.TorchScriptImport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The frozen pass frees each child's intermediates and sizes its batches, and computes what the
 * block's own forward computes, up to the rounding of its folded BatchNorms and channels-last layout
 * (exactly without them):
 * on a torchvision ResNet imported from TorchScript (random
 * weights, random BatchNorm statistics), over real digit images.
 */
class FrozenPassTest {

    private static final Shape RGB_32 = new Shape(3, 32, 32);
    private static final String RESNET_50 =
            "block=bottleneck,channels=3,stem=64,stages=3x64x256/4x128x512/6x256x1024/3x512x2048,classes=0";
    private static final String RESNET_18 =
            "block=basic,channels=3,stem=64,stages=2x64x64/2x128x128/2x256x256/2x512x512,classes=0";

    @Test
    void the_pass_should_compute_what_forward_computes_and_keep_only_its_outputs() throws Exception {
        Path file = TestData.root().resolve("torchscript/tiny-resnet-basic.pt");
        try (ZooModel<NDList, NDList> whole = Criteria.builder().setTypes(NDList.class, NDList.class)
                        .optEngine("PyTorch").optModelUrls(file.toUri().toString()).build().loadModel();
                Model model = TorchScriptImport.of(file, whole.getBlock(), "PyTorch", RGB_32).model();
                NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock network = (SequentialBlock) model.getBlock();
            SequentialBlock frozen = new SequentialBlock(); // conv1 … layer4, as a cut before the pooling
            List<Block> children = network.getChildren().values();
            children.subList(0, children.size() - 2).forEach(frozen::add);
            ParameterStore parameters = new ParameterStore(manager, false);
            NDArray images = digits(manager, 12);

            float[] expected;
            int kept;
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = images.duplicate();
                x.attach(scope);
                expected = frozen.forward(parameters, new NDList(x), false).singletonOrThrow().toFloatArray();
                kept = ((BaseNDManager) scope).getManagedArrays().size();
            }
            try (NDManager scope = manager.newSubManager(); FrozenPass pass = FrozenPass.of(frozen)) {
                NDArray x = images.duplicate();
                x.attach(scope);
                NDArray out = pass.forward(parameters, new NDList(x)).singletonOrThrow();

                List<NDArray> left = ((BaseNDManager) scope).getManagedArrays();
                assertEquals(batchNorms(frozen), pass.foldedBatchNorms(), "every BatchNorm, in the units too");
                assertTrue(pass.channelsLast(), "AVX2 kernels (the tests' pins): images run channels-last");
                assertClose(expected, out.toFloatArray(), "the same values up to rounding");
                assertTrue(out.abs().sum().getFloat() > 0, "features of real images");
                assertEquals(2, left.size(), "nothing but the input and the output is left (a plain forward leaves "
                        + kept + " arrays)");
                assertTrue(left.stream().anyMatch(a -> a == x) && left.stream().anyMatch(a -> a == out),
                        "the input stays the caller's, the output joins it");
                assertTrue(kept > 20, "a plain forward keeps every intermediate: " + kept);
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = images.duplicate();
                x.attach(scope);
                NDArray out = FrozenPass.unfolded(frozen).forward(parameters, new NDList(x)).singletonOrThrow();
                assertArrayEquals(expected, out.toFloatArray(), "unfolded: the same values, bit for bit");
                assertEquals(2, ((BaseNDManager) scope).getManagedArrays().size());
            }
        }
    }

    @Test
    void folding_should_leave_the_model_and_its_parameters_as_they_were() throws Exception {
        try (Model model = Model.newInstance("folded", "PyTorch"); NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock network = TorchvisionResNet.parse(RESNET_50.replace("3x64x256/4x128x512/6x256x1024/3x512x2048",
                    "1x8x32/1x16x64/1x32x128/1x64x256")).build();
            model.setBlock(network);
            network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(RGB_32));
            randomStatistics(network, manager);
            List<float[]> before = new ArrayList<>();
            network.getParameters().values().forEach(p -> before.add(p.getArray().toFloatArray()));
            int arrays = ((BaseNDManager) model.getNDManager()).getManagedArrays().size();
            ParameterStore parameters = new ParameterStore(manager, false);
            NDArray images = digits(manager, 4);
            float[] expected = network.forward(parameters, new NDList(images), false).singletonOrThrow().toFloatArray();

            try (FrozenPass pass = FrozenPass.of(network)) {
                assertEquals(batchNorms(network), pass.foldedBatchNorms(), "stem, three per bottleneck, downsamples");
                assertClose(expected, pass.forward(parameters, new NDList(images)).singletonOrThrow().toFloatArray(),
                        "bottleneck units folded");
            }
            List<float[]> after = new ArrayList<>();
            network.getParameters().values().forEach(p -> after.add(p.getArray().toFloatArray()));
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), "parameter " + i + " is the base's own");
            }
            assertEquals(arrays, ((BaseNDManager) model.getNDManager()).getManagedArrays().size(),
                    "nothing of the fold is left in the model's manager");
        }
    }

    /** BatchNorm statistics and affine parameters far from their initial 0 and 1, as a trained network has. */
    private static void randomStatistics(Block network, NDManager manager) {
        for (var entry : network.getParameters()) {
            String name = entry.getKey();
            NDArray array = entry.getValue().getArray();
            if (name.endsWith("runningVar")) {
                array.set(manager.randomUniform(0.2f, 3f, array.getShape()).toFloatArray());
            } else if (name.endsWith("runningMean") || name.endsWith("beta")) {
                array.set(manager.randomNormal(0f, 0.5f, array.getShape(), DataType.FLOAT32).toFloatArray());
            } else if (name.endsWith("gamma")) {
                array.set(manager.randomUniform(0.5f, 1.5f, array.getShape()).toFloatArray());
            }
        }
    }

    private static int batchNorms(Block block) {
        int count = block instanceof ai.djl.nn.norm.BatchNorm ? 1 : 0;
        for (Block child : block.getChildren().values()) {
            count += batchNorms(child);
        }
        return count;
    }

    /** Equal up to float rounding through the network: within 1e-4 of the largest value. */
    private static void assertClose(float[] expected, float[] actual, String message) {
        assertEquals(expected.length, actual.length, message);
        float largest = 0;
        for (float value : expected) {
            largest = Math.max(largest, Math.abs(value));
        }
        float worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= 1e-4f * largest, message + ": differs by " + worst + " where values reach " + largest);
        assertTrue(largest > 0, message + ": all zero");
    }

    @Test
    void a_tapped_base_should_give_each_cut_what_its_prefix_gives() throws Exception {
        try (Model model = Model.newInstance("tapped", "PyTorch"); NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock network = TorchvisionResNet.parse(
                    "block=basic,channels=3,stem=8,stages=1x8x8/1x16x16/1x32x32/1x64x64,classes=0").build();
            model.setBlock(network);
            network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(RGB_32));
            List<List<Integer>> paths = List.of(List.of(5, 1), List.of(6), List.of(7));
            List<Block> poolers = new ArrayList<>();
            List<Shape> shapes = new ArrayList<>();
            for (List<Integer> path : paths) {
                poolers.add(new SequentialBlock().add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock()));
                shapes.add(prefix(network, path).getOutputShapes(new Shape[] {new Shape(1).addAll(RGB_32)})[0]);
            }
            TappedBase tapped = new TappedBase(network, paths, poolers, shapes);
            ParameterStore parameters = new ParameterStore(manager, false);
            NDArray images = digits(manager, 6);

            NDList taps;
            try (FrozenPass pass = FrozenPass.of(tapped)) {
                taps = pass.forward(parameters, new NDList(images));
                assertEquals(batchNorms(network), pass.foldedBatchNorms());
            }

            assertEquals(3, taps.size());
            for (int i = 0; i < paths.size(); i++) {
                NDArray alone = poolers.get(i).forward(parameters,
                        prefix(network, paths.get(i)).forward(parameters, new NDList(images), false), false).head();
                assertClose(alone.toFloatArray(), taps.get(i).toFloatArray(), "cut " + paths.get(i));
            }
        }
    }

    @Test
    void batches_should_keep_the_largest_activation_within_32_mib() {
        SequentialBlock resnet50 = TorchvisionResNet.parse(RESNET_50).build();
        SequentialBlock resnet18 = TorchvisionResNet.parse(RESNET_18).build();

        // conv1 at 224 x 224 outputs 64 x 112 x 112 floats, 3.2 MB an image.
        assertEquals(8, FrozenPass.batchSize(resnet50, new Shape(3, 224, 224)));
        assertEquals(8, FrozenPass.batchSize(resnet18, new Shape(3, 224, 224)));
        assertEquals(2, FrozenPass.batchSize(resnet50, new Shape(3, 448, 448)));
        assertEquals(1, FrozenPass.batchSize(resnet50, new Shape(3, 1024, 1024)), "at least one image");
        assertEquals(FrozenPass.MAX_BATCH, FrozenPass.batchSize(resnet50, new Shape(3, 32, 32)),
                "small images batch as before");
    }

    /** The first children of a network, down a path of 1-based indices, as one sequential block. */
    private static SequentialBlock prefix(SequentialBlock network, List<Integer> path) {
        SequentialBlock prefix = new SequentialBlock();
        List<Block> children = network.getChildren().values();
        children.subList(0, path.get(0) - (path.size() > 1 ? 1 : 0)).forEach(prefix::add);
        if (path.size() > 1) {
            prefix.add(prefix((SequentialBlock) children.get(path.get(0) - 1), path.subList(1, path.size())));
        }
        return prefix;
    }

    /** Real digit images, grey spread to three channels and scaled to 32 x 32, as one batch. */
    private static NDArray digits(NDManager manager, int count) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(TestData.root().resolve("digits/train"))) {
            files = walk.filter(p -> p.toString().endsWith(".png")).sorted().limit(count).toList();
        }
        List<NDArray> images = new ArrayList<>();
        for (Path file : files) {
            Image image = ImageFactory.getInstance().fromFile(file);
            NDArray pixels = image.toNDArray(manager, Image.Flag.COLOR).toType(DataType.FLOAT32, false).div(255f);
            images.add(ai.djl.modality.cv.util.NDImageUtils.resize(pixels, 32, 32).transpose(2, 0, 1));
        }
        return NDArrays.stack(new NDList(images));
    }
}
