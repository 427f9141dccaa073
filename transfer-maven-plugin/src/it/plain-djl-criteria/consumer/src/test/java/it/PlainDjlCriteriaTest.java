package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.ParameterList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlainDjlCriteriaTest {

    private static Path property(String name) {
        return Paths.get(System.getProperty(name));
    }

    @Test
    void archive_loads_with_plain_criteria_and_predicts_as_the_plugin_evaluated() throws Exception {
        // The plugin is not on this classpath: DJL must take the block factory from the archive's jar.
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("io.github.transferml.transfer.runtime.TransferBlockFactory"));
        Criteria<Image, Classifications> criteria = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelUrls(property("archive").toUri().toString())
                .build();
        List<String> lines = Files.readAllLines(property("predictions"));
        assertEquals("image,label,predicted,probability", lines.get(0));
        assertEquals(101, lines.size(), "one line per validation image");
        int correct = 0;
        try (ZooModel<Image, Classifications> model = criteria.loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                Image image = ImageFactory.getInstance().fromFile(property("validationDirectory").resolve(cells[0]));
                Classifications.Classification best = predictor.predict(image).best();
                assertEquals(cells[2], best.getClassName(), "class of " + cells[0]);
                assertEquals(Double.parseDouble(cells[3]), best.getProbability(), 1e-4, "probability of " + cells[0]);
                if (cells[1].equals(best.getClassName())) {
                    correct++;
                }
            }
        }
        assertTrue(correct > 30, "the loaded model should beat chance clearly, got " + correct + "/100");
    }

    @Test
    void frozen_base_parameters_including_batch_norm_statistics_are_unchanged() throws Exception {
        try (ZooModel<NDList, NDList> base = load(property("baseArchive"));
                ZooModel<NDList, NDList> trained = load(property("archive"))) {
            List<Block> baseBlocks = base.getBlock().getChildren().values();
            List<Block> trainedBlocks = trained.getBlock().getChildren().values();
            int compared = 0;
            int statistics = 0;
            for (int i = 0; i < 12; i++) {
                ParameterList before = baseBlocks.get(i).getParameters();
                ParameterList after = trainedBlocks.get(i).getParameters();
                assertEquals(before.size(), after.size());
                for (int p = 0; p < before.size(); p++) {
                    NDArray a = before.get(p).getValue().getArray();
                    NDArray b = after.get(p).getValue().getArray();
                    assertTrue(a.contentEquals(b), "parameter " + before.get(p).getKey() + " of block " + i + " changed");
                    compared++;
                    if (before.get(p).getKey().contains("running")) {
                        statistics++;
                    }
                }
            }
            assertTrue(compared > 50, "compared " + compared);
            assertTrue(statistics > 10, "BatchNorm running statistics compared: " + statistics);
        }
    }

    private static ZooModel<NDList, NDList> load(Path archive) throws Exception {
        return Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelUrls(archive.toUri().toString())
                .build()
                .loadModel();
    }
}
