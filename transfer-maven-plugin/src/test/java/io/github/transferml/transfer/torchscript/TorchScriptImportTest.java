package io.github.transferml.transfer.torchscript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.Pair;
import io.github.transferml.transfer.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TorchScript ResNets made by {@code src/data/torchscript_fixtures.py} from torchvision's own classes
 * (random weights, random BatchNorm statistics): their state is read from the file and imported
 * into DJL blocks, and the imported network must compute what libtorch computes with the module.
 */
class TorchScriptImportTest {

    private static final Shape RGB_32 = new Shape(3, 32, 32);

    static Path fixture(String name) {
        return TestData.root().resolve("torchscript").resolve(name);
    }

    static ZooModel<NDList, NDList> loadWhole(Path file) throws Exception {
        return Criteria.builder().setTypes(NDList.class, NDList.class).optEngine("PyTorch")
                .optModelUrls(file.toUri().toString()).build().loadModel();
    }

    @Test
    void read_should_give_every_parameter_and_buffer_by_state_dict_name() throws IOException {
        TorchScriptState state = TorchScriptState.read(fixture("tiny-resnet-basic.pt"));

        assertEquals("__torch__.NarrowResNet", state.rootType(), "the Python class, for the record");
        StateTensor mean = state.tensors().get("layer1.0.bn1.running_mean");
        assertArrayEquals(new long[] {8}, mean.shape());
        assertEquals("Float", mean.dtype());
        assertArrayEquals(new long[] {8, 3, 7, 7}, state.tensors().get("conv1.weight").shape());
        assertArrayEquals(new long[] {10, 64}, state.tensors().get("fc.weight").shape());
        StateTensor counter = state.tensors().get("bn1.num_batches_tracked");
        assertEquals("Long", counter.dtype());
        assertFalse(counter.isFloating());
        // Each BatchNorm has 5 tensors (weight, bias, running mean and variance, batch counter), a conv 1, fc 2.
        long batchNorms = state.tensors().keySet().stream().filter(k -> k.endsWith("running_var")).count();
        long convs = state.tensors().keySet().stream().filter(k -> k.endsWith("weight") && state.tensors().get(k).shape().length == 4).count();
        assertEquals(batchNorms * 5 + convs + 2, state.tensors().size());
    }

    @Test
    void read_should_agree_with_the_parameters_that_the_pytorch_engine_exposes() throws Exception {
        TorchScriptState state = TorchScriptState.read(fixture("tiny-resnet-bottleneck.pt"));
        try (ZooModel<NDList, NDList> whole = loadWhole(fixture("tiny-resnet-bottleneck.pt"))) {
            int compared = 0;
            for (Pair<String, Parameter> parameter : whole.getBlock().getParameters()) {
                StateTensor tensor = state.tensors().get(parameter.getKey());
                assertArrayEquals(parameter.getValue().getArray().toFloatArray(), tensor.values(), parameter.getKey());
                compared++;
            }
            assertTrue(compared > 20, "compared " + compared);
        }
    }

    @Test
    void import_should_compute_what_the_traced_module_computes() throws Exception {
        assertEquivalent("tiny-resnet-basic.pt",
                "tvresnet(block=basic,channels=3,stem=8,stages=2x8x8/1x16x16/1x32x32/1x64x64,classes=10)");
    }

    @Test
    void import_should_compute_what_the_scripted_bottleneck_module_computes() throws Exception {
        assertEquivalent("tiny-resnet-bottleneck.pt",
                "tvresnet(block=bottleneck,channels=3,stem=4,stages=1x4x16/1x8x32/2x16x64/1x32x128,classes=5)");
    }

    @Test
    void import_should_read_a_headless_sequential_as_an_embedding_model_is_made() throws Exception {
        assertEquivalent("tiny-resnet-headless.pt",
                "tvresnet(block=basic,channels=3,stem=8,stages=2x8x8/1x16x16/1x32x32/1x64x64,classes=0)");
    }

    private static void assertEquivalent(String name, String step) throws Exception {
        try (ZooModel<NDList, NDList> whole = loadWhole(fixture(name))) {
            TorchScriptImport.Imported imported = TorchScriptImport.of(fixture(name), whole.getBlock(), "PyTorch", RGB_32);
            try (ai.djl.Model model = imported.model()) {
                assertEquals(step, imported.layout().toStep());
                assertTrue(imported.maxMagnitude() > 0.1, "a probe that gives all zeros would prove nothing");
                assertTrue(imported.maxDifference() <= 1e-5 * imported.maxMagnitude(),
                        imported.maxDifference() + " of " + imported.maxMagnitude());
                assertTrue(imported.summary().startsWith("imported "), imported.summary());
            }
        }
    }

    @Test
    void the_comparison_should_see_a_changed_batch_norm_statistic() throws Exception {
        try (ZooModel<NDList, NDList> whole = loadWhole(fixture("tiny-resnet-basic.pt"));
                ai.djl.Model model = TorchScriptImport.of(fixture("tiny-resnet-basic.pt"), whole.getBlock(), "PyTorch",
                        RGB_32).model()) {
            SequentialBlock network = (SequentialBlock) model.getBlock();
            SequentialBlock layer4 = (SequentialBlock) network.getChildren().get(7).getValue();
            Block main = layer4.getChildren().get(0).getValue().getChildren().get(0).getValue();
            NDArray runningVar = main.getChildren().get(4).getValue().getParameters().get("runningVar").getArray();
            runningVar.set(runningVar.mul(4).toFloatArray());

            double[] comparison = TorchScriptImport.compare(network, whole.getBlock(), model.getNDManager(), RGB_32);
            assertTrue(comparison[0] > 1e-3 * comparison[1], "inference mode uses the running statistics: "
                    + comparison[0] + " of " + comparison[1]);
        }
    }

    @Test
    void import_should_explain_why_another_module_is_not_a_resnet() throws Exception {
        Path file = fixture("tiny-embedding.pt");
        try (ZooModel<NDList, NDList> whole = loadWhole(file)) {
            TorchScriptImportException e = assertThrows(TorchScriptImportException.class,
                    () -> TorchScriptImport.of(file, whole.getBlock(), "PyTorch", new Shape(1, 28, 28)));
            assertEquals("it has neither torchvision's 'conv1.weight' nor a Sequential's '0.weight'", e.getMessage());
        }
    }

    @Test
    void import_should_fail_when_the_module_computes_something_else() throws Exception {
        // The state of tiny-resnet-basic (with fc) against the forward pass of the headless module.
        try (ZooModel<NDList, NDList> headless = loadWhole(fixture("tiny-resnet-headless.pt"))) {
            TorchScriptImportException e = assertThrows(TorchScriptImportException.class,
                    () -> TorchScriptImport.of(fixture("tiny-resnet-basic.pt"), headless.getBlock(), "PyTorch", RGB_32));
            assertTrue(e.getMessage().startsWith("its output has shape (2, 64"), e.getMessage());
        }
    }

    @Test
    void read_should_name_a_file_that_is_not_torchscript(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("weights.pt"), new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> TorchScriptState.read(file));
        assertTrue(e.getMessage().startsWith(file + " is not a TorchScript file"), e.getMessage());
    }
}
