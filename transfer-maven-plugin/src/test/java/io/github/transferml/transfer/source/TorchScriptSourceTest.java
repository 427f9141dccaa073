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

/** A TorchScript file as the base: opaque to DJL, so it is used whole, as a frozen feature extractor. */
class TorchScriptSourceTest {

    private static final InputSpec GREY_28 = new InputSpec(28, 28, true, null);

    private static BaseModelSpec tinyEmbedding() {
        return new BaseModelSpec(BaseModelSpec.Kind.PATH,
                TestData.root().resolve("torchscript/tiny-embedding.pt").toString(), null);
    }

    @Test
    void load_should_wrap_a_torchscript_module_as_one_block_with_the_data_input() {
        try (BaseModel base = new BaseModelLoader(null).load(tinyEmbedding(), GREY_28, 10)) {
            assertEquals("torchscript(file=tiny-embedding.pt)", base.recipe().toString());
            assertEquals(1, base.network().getChildren().size());
            assertEquals(GREY_28, base.input());
        }
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
