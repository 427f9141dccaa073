package io.github.transferml.transfer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.data.InputSpec;
import ai.djl.ndarray.types.Shape;
import io.github.transferml.transfer.inspect.BlockRow;
import io.github.transferml.transfer.inspect.Inspection;
import io.github.transferml.transfer.inspect.NetworkInspector;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.train.TrainingResult;
import io.github.transferml.transfer.train.TransferTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TorchScript file as the base: a torchvision ResNet is imported into DJL blocks and can be cut
 * anywhere; any other module is opaque to DJL, so it is used whole, as a frozen feature extractor.
 */
class TorchScriptSourceTest {

    private static final InputSpec GREY_28 = new InputSpec(28, 28, true, null);

    private static BaseModelSpec tinyEmbedding() {
        return new BaseModelSpec(BaseModelSpec.Kind.PATH,
                TestData.root().resolve("torchscript/tiny-embedding.pt").toString(), null);
    }

    private static BaseModelSpec tinyResNet() {
        return new BaseModelSpec(BaseModelSpec.Kind.PATH,
                TestData.root().resolve("torchscript/tiny-resnet-basic.pt").toString(), null);
    }

    @Test
    void load_should_wrap_a_torchscript_module_as_one_block_with_the_data_input() {
        try (BaseModel base = new BaseModelLoader(null).load(tinyEmbedding(), GREY_28, 10)) {
            assertEquals("torchscript(file=tiny-embedding.pt)", base.recipe().toString());
            assertEquals(1, base.network().getChildren().size());
            assertEquals(GREY_28, base.input());
            assertTrue(base.description().endsWith(", used whole: it cannot be imported into DJL blocks because it has"
                    + " neither torchvision's 'conv1.weight' nor a Sequential's '0.weight'"), base.description());
        }
    }

    @Test
    void load_should_import_a_torchscript_resnet_into_djl_blocks_with_rgb_input() {
        try (BaseModel base = new BaseModelLoader(null).load(tinyResNet(), GREY_28, 10)) {
            assertEquals("tvresnet(block=basic,channels=3,stem=8,stages=2x8x8/1x16x16/1x32x32/1x64x64,classes=10)",
                    base.recipe().toString());
            assertEquals(10, base.network().getChildren().size(), "conv1 bn1 relu maxpool layer1-4 avgpool fc");
            assertEquals(new InputSpec(28, 28, false, null), base.input(), "grey images are repeated to RGB");
            assertTrue(base.description().contains(", imported 72 tensors into torchvision's ResNet layout"),
                    base.description());
        }
    }

    @Test
    void load_should_use_a_resnet_whole_when_import_is_switched_off() {
        try (BaseModel base = new BaseModelLoader(null).load(tinyResNet().withImportTorchScript(false), GREY_28, 10)) {
            assertEquals("torchscript(file=tiny-resnet-basic.pt)", base.recipe().toString());
            assertEquals(1, base.network().getChildren().size());
        }
    }

    @Test
    void inspect_should_offer_torchvision_names_and_paths_inside_an_imported_resnet() {
        Inspection inspection = new NetworkInspector(null).inspect(tinyResNet(), GREY_28, "layer3/1", List.of(), 10);

        assertEquals("7/1", inspection.cut().path());
        assertEquals(new Shape(32, 2, 2), inspection.featureShape());
        List<String> aliases = inspection.blocks().stream().map(BlockRow::alias).filter(a -> a != null).toList();
        assertEquals(List.of("conv1", "bn1", "relu", "maxpool, stem", "layer1, stage1", "layer2, stage2",
                "layer3, stage3", "layer4, stage4", "avgpool, pool, features", "fc"), aliases);
    }

    @Test
    void inspect_should_offer_the_whole_module_as_features() {
        Inspection inspection = new NetworkInspector(null).inspect(tinyEmbedding(), GREY_28, "features", List.of(), 10);

        assertEquals("1", inspection.cut().path());
        assertEquals("features", inspection.cut().alias());
        assertEquals(32, inspection.featureSize());
        assertEquals(16 * 9 + 2 * 16 + 16 * 32 * 9 + 2 * 32, inspection.frozenParameters());
    }

    @Test
    void train_should_build_on_a_torchscript_base_and_its_archive_should_load_with_plain_criteria(@TempDir Path out)
            throws Exception {
        TrainingResult result = new TransferTraining(TestData.request(out, tinyEmbedding(), TestData.digitFolders())
                .optEpochs(30).optLearningRate(0.01f).build(), null, TrainingEvents.NONE, "test").run();

        assertTrue(result.validationAccuracy() > 0.2, "a random embedding still separates digits (chance: 0.1): "
                + result.validationAccuracy());
        assertPlainCriteriaAgree(out, result);
    }

    @Test
    void train_should_cut_an_imported_resnet_inside_and_its_archive_should_load_with_plain_criteria(@TempDir Path out)
            throws Exception {
        TrainingResult result = new TransferTraining(TestData.request(out, tinyResNet(), TestData.digitFolders())
                .optCutPoint("layer2").optEpochs(30).optLearningRate(0.01f).build(), null, TrainingEvents.NONE, "test")
                .run();

        assertTrue(result.validationAccuracy() > 0.2, "random ResNet features still separate digits (chance: 0.1): "
                + result.validationAccuracy());
        assertPlainCriteriaAgree(out, result);
    }

    private static void assertPlainCriteriaAgree(Path out, TrainingResult result) throws Exception {
        List<String> report = Files.readAllLines(out.resolve("transfer/validation-predictions.csv"));
        try (ZooModel<Image, Classifications> model = Criteria.builder().setTypes(Image.class, Classifications.class)
                        .optModelUrls(result.archive().toUri().toString()).build().loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            for (String line : report.subList(1, report.size())) {
                String[] cells = line.split(",");
                Image image = ImageFactory.getInstance().fromFile(TestData.root().resolve("digits/validation").resolve(cells[0]));
                Classifications.Classification best = predictor.predict(image).best();
                assertEquals(cells[2], best.getClassName(), cells[0]);
                assertEquals(Double.parseDouble(cells[3]), best.getProbability(), 1e-4, cells[0]);
            }
        }
    }
}
