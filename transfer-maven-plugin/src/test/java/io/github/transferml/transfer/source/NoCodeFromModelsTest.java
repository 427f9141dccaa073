package io.github.transferml.transfer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.github.transferml.transfer.HostileModels;
import io.github.transferml.transfer.TestArchives;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.evaluate.ClassifierException;
import io.github.transferml.transfer.evaluate.EvaluationResult;
import io.github.transferml.transfer.evaluate.ModelEvaluation;
import io.github.transferml.transfer.evaluate.TestSet;
import io.github.transferml.transfer.predict.FolderPredictor;
import io.github.transferml.transfer.predict.PredictionException;
import io.github.transferml.transfer.predict.PredictionRequest;
import io.github.transferml.transfer.runtime.TransferBlockFactory;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model is data: loading one as a base, or scoring it with evaluate or predict, never runs code
 * from it. The hostile archives carry a jar whose class writes a marker file when it is loaded.
 */
class NoCodeFromModelsTest {

    private static final String OWN_FACTORY = "blockFactory=" + TransferBlockFactory.class.getName();
    private static final Path DIGITS = TestData.root().resolve("corrupt/validation");

    @TempDir
    static Path shared;

    private static Path good;

    @TempDir
    Path work;

    private Path marker;
    private byte[] jar;

    @BeforeAll
    static void writeGoodArchive() throws IOException {
        good = TestArchives.untrainedResnet(shared.resolve("good-model.zip"), 7);
    }

    private Path hostile(String name, boolean nameTheFactory) throws IOException {
        marker = work.resolve("marker.txt");
        jar = HostileModels.markerJar(marker, work.resolve("compile"));
        return HostileModels.rewrite(good, work.resolve(name), Map.of("evil.jar", jar),
                text -> nameTheFactory ? text.replace(OWN_FACTORY, "blockFactory=" + HostileModels.CLASS_NAME) : text);
    }

    private static BaseModel loadBase(Path archive) {
        return new BaseModelLoader(null).load(new BaseModelSpec(BaseModelSpec.Kind.PATH, archive.toString(), null),
                null, 10);
    }

    @Test
    void base_should_refuse_a_block_factory_that_the_model_names_and_run_none_of_its_code() throws IOException {
        Path archive = hostile("named-factory-model.zip", true);

        BaseModelException e = assertThrows(BaseModelException.class, () -> loadBase(archive));

        assertEquals("The base model (path " + archive + ") names blockFactory=evil.MarkerFactory in its"
                + " serving.properties: a class the plugin would have to load from the model. The plugin builds"
                + " networks only with its own classes and never runs code from a model (jars and classes inside it"
                + " are not loaded), so it accepts: archives written by transfer:train (blockFactory="
                + TransferBlockFactory.class.getName() + " with a recipe), DJL's ResNet (blockFactory="
                + "ai.djl.basicmodelzoo.cv.classification.ResnetBlockFactory with numLayers, outSize and imageShape),"
                + " and TorchScript modules (.pt). Retrain the model with transfer:train, or export it as"
                + " TorchScript.", e.getMessage());
        assertFalse(Files.exists(marker), "code from the model ran");
    }

    /** The control: the same archive through plain DJL runs the model's code, so the test above can fail. */
    @Test
    void plain_djl_criteria_runs_the_code_that_the_plugin_refuses() throws Exception {
        Path archive = hostile("control-model.zip", true);
        Path directory = ArchiveCache.extract(archive, Sha256.of(archive));
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(directory).optEngine("PyTorch").build();

        try (ZooModel<NDList, NDList> model = criteria.loadModel()) {
            // whatever DJL makes of it, the model's class was loaded
        } catch (Exception e) {
            // a failure after the class was loaded is as telling
        }

        assertTrue(Files.exists(marker), "DJL loaded the model's class");
    }

    /**
     * A jar that no property names: the archive still loads everywhere. (Plain DJL 0.36 does not load
     * such a jar for these types either, so the marker here guards against a loader that scans jars,
     * not against DJL as it is.)
     */
    @Test
    void base_evaluate_and_predict_should_never_load_a_jar_that_is_only_present() throws IOException {
        Path archive = hostile("present-jar-model.zip", false);

        try (BaseModel base = loadBase(archive)) {
            assertEquals(TestArchives.RECIPE, base.recipe());
        }
        EvaluationResult result = new ModelEvaluation(TrainingEvents.NONE).evaluate(archive,
                TestSet.folder(DIGITS).load());
        new FolderPredictor(line -> {}).predict(PredictionRequest.builder().setModel(archive)
                .setInputDirectory(DIGITS).setOutputFile(work.resolve("predictions.csv")).build());

        assertEquals(20, result.images().size());
        assertFalse(Files.exists(marker), "code from the model ran");
    }

    @Test
    void evaluate_and_predict_should_refuse_a_block_factory_that_the_model_names() throws IOException {
        Path archive = hostile("named-factory-model.zip", true);

        ClassifierException evaluate = assertThrows(ClassifierException.class,
                () -> new ModelEvaluation(TrainingEvents.NONE).evaluate(archive, TestSet.folder(DIGITS).load()));
        PredictionException predict = assertThrows(PredictionException.class,
                () -> new FolderPredictor(line -> {}).predict(PredictionRequest.builder().setModel(archive)
                        .setInputDirectory(DIGITS).setOutputFile(work.resolve("predictions.csv")).build()));

        assertTrue(evaluate.getMessage().startsWith(archive + " names blockFactory=evil.MarkerFactory in its"
                + " serving.properties: a class the plugin would have to load from the model."), evaluate.getMessage());
        assertTrue(predict.getMessage().startsWith("The model " + archive + " names blockFactory=evil.MarkerFactory"),
                predict.getMessage());
        assertFalse(Files.exists(work.resolve("predictions.csv")));
        assertFalse(Files.exists(marker), "code from the model ran");
    }

    @Test
    void evaluate_should_refuse_a_translator_factory_that_the_model_names() throws IOException {
        Path archive = hostile("named-translator-model.zip", false);
        Path renamed = HostileModels.rewrite(archive, work.resolve("translator-model.zip"), Map.of(),
                text -> text + "translatorFactory=" + HostileModels.CLASS_NAME + "\n");

        ClassifierException e = assertThrows(ClassifierException.class,
                () -> new ModelEvaluation(TrainingEvents.NONE).evaluate(renamed, TestSet.folder(DIGITS).load()));

        assertEquals(renamed + " names translatorFactory=evil.MarkerFactory in its serving.properties, a class the"
                + " plugin would have to load from the model. It classifies images only with DJL's"
                + " ai.djl.modality.cv.translator.ImageClassificationTranslatorFactory, as the archives of"
                + " transfer:train do.", e.getMessage());
        assertFalse(Files.exists(marker), "code from the model ran");
    }

    @Test
    void base_should_say_which_parameter_file_is_truncated() throws IOException {
        byte[] params = entry(good, "model-0000.params");
        byte[] half = java.util.Arrays.copyOf(params, params.length / 2);
        Map<String, byte[]> replaced = new HashMap<>();
        replaced.put("model-0000.params", half);
        Path archive = HostileModels.rewrite(good, work.resolve("truncated-model.zip"), replaced, text -> text);

        BaseModelException e = assertThrows(BaseModelException.class, () -> loadBase(archive));

        assertEquals("The base model (path " + archive + ") has a truncated model-0000.params: it ends before every"
                + " parameter was read. Download or build the model again.", e.getMessage());
    }

    @Test
    void base_should_name_the_users_archive_when_serving_properties_is_missing() throws IOException {
        Map<String, byte[]> removed = new HashMap<>();
        removed.put("serving.properties", null);
        Path archive = HostileModels.rewrite(good, work.resolve("bare-model.zip"), removed, text -> text);

        BaseModelException e = assertThrows(BaseModelException.class, () -> loadBase(archive));

        assertTrue(e.getMessage().startsWith("The base model (path " + archive + ") has no serving.properties, so it"
                + " does not say which network it holds."), e.getMessage());
    }

    @Test
    void base_should_name_a_parameter_file_that_does_not_fit_its_recipe() throws IOException {
        byte[] params = entry(good, "model-0000.params");
        // The first convolution's weight has shape (16, 1, 3, 3); make the file say (16, 1, 5, 5).
        java.nio.ByteBuffer shape = java.nio.ByteBuffer.allocate(32).putLong(16).putLong(1).putLong(3).putLong(3);
        int at = indexOf(params, shape.array());
        assertTrue(at > 0, "the test's assumption about DJL's parameter file no longer holds");
        java.nio.ByteBuffer.wrap(params, at + 16, 16).putLong(5).putLong(5);
        Path file = Files.write(work.resolve("garbled.params"), params);
        Map<String, byte[]> replaced = new HashMap<>();
        replaced.put("model-0000.params", Files.readAllBytes(file));
        Path archive = HostileModels.rewrite(good, work.resolve("garbled-model.zip"), replaced, text -> text);

        BaseModelException e = assertThrows(BaseModelException.class, () -> loadBase(archive));

        assertTrue(e.getMessage().startsWith("The base model (path " + archive + ") has a model-0000.params that"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("Download or build the model again."), e.getMessage());
    }

    @Test
    void base_should_refuse_a_crafted_input_size_and_an_unknown_recipe_step_before_allocating() throws IOException {
        Path huge = HostileModels.rewrite(good, work.resolve("huge-input-model.zip"), Map.of(),
                text -> text.replace("width=28", "width=100000"));
        Path unknown = HostileModels.rewrite(good, work.resolve("unknown-step-model.zip"), Map.of(),
                text -> text.replace("recipe=resnet(", "recipe=transformer(").replace("recipe=", "recipe="));

        BaseModelException size = assertThrows(BaseModelException.class, () -> loadBase(huge));
        BaseModelException step = assertThrows(BaseModelException.class, () -> loadBase(unknown));

        assertEquals("The base model (path " + huge + ") declares width=100000 in its serving.properties; the plugin"
                + " accepts inputs of 1 to 4096 pixels a side, as every image is resized to it. Is the archive"
                + " damaged or crafted?", size.getMessage());
        assertTrue(step.getMessage().startsWith("The base model (path " + unknown + ") has a recipe the plugin cannot"
                + " build ('transformer("), step.getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] entry(Path archive, String name) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(archive.toFile())) {
            return zip.getInputStream(zip.getEntry(name)).readAllBytes();
        }
    }
}
