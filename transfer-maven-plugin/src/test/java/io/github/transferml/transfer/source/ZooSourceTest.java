package io.github.transferml.transfer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.ZooMirror;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.train.TrainingResult;
import io.github.transferml.transfer.train.TransferTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A base from DJL's model zoo, resolved by DJL's own repository code from a mirror (DJL_REPO_URL). */
class ZooSourceTest {

    private static final BaseModelSpec ZOO_RESNET = new BaseModelSpec(BaseModelSpec.Kind.URL, "djl://ai.djl.zoo/resnet", null);

    @BeforeAll
    static void publish() throws Exception {
        ZooMirror.publishResnet20();
        ZooMirror.publishTorchScript("resnet18_embedding", TestData.root().resolve("torchscript/tiny-embedding.pt"));
    }

    @Test
    void train_should_build_on_a_torchscript_model_of_djl_pytorch_zoo(@TempDir Path out) throws Exception {
        BaseModelSpec embedding = new BaseModelSpec(BaseModelSpec.Kind.URL, "djl://ai.djl.pytorch/resnet18_embedding", null);

        TrainingResult result = new TransferTraining(TestData.request(out, embedding, TestData.digitFolders())
                .optEpochs(30).optLearningRate(0.01f).build(), null, TrainingEvents.NONE, "test").run();

        assertTrue(result.validationAccuracy() > 0.2, "above chance (0.1): " + result.validationAccuracy());
        try (ZipFile zip = new ZipFile(result.archive().toFile())) {
            String serving = new String(zip.getInputStream(zip.getEntry("serving.properties")).readAllBytes());
            assertTrue(serving.contains("recipe=torchscript(file=resnet18_embedding) > keep(1) > dense(10)\n"), serving);
            assertTrue(serving.contains("flag=GRAYSCALE\n") && serving.contains("width=28\n"), serving);
        }
    }

    @Test
    void load_should_resolve_djl_zoo_resnet_through_the_mirror_and_know_how_to_rebuild_it() {
        try (BaseModel base = new BaseModelLoader(null).load(ZOO_RESNET, null, 10)) {
            assertTrue(base.pretrained());
            assertEquals("resnet(numLayers=20,outSize=10,imageShape=1x28x28)", base.recipe().toString());
            assertEquals(new InputSpec(28, 28, true, null), base.input());
            assertEquals(14, base.network().getChildren().size());
            assertEquals(64, base.sha256().length());
        }
    }

    @Test
    void train_should_cut_a_zoo_resnet_at_a_stage_and_write_a_rebuildable_archive(@TempDir Path out) throws Exception {
        TrainingResult result = new TransferTraining(TestData.request(out, ZOO_RESNET, TestData.digitFolders())
                .optCutPoint("stage2").optEpochs(3).build(), null, TrainingEvents.NONE, "test").run();

        try (ZipFile zip = new ZipFile(result.archive().toFile())) {
            String serving = new String(zip.getInputStream(zip.getEntry("serving.properties")).readAllBytes());
            assertTrue(serving.contains("recipe=resnet(numLayers=20,outSize=10,imageShape=1x28x28) > keep(7) >"
                    + " globalAvgPool > flatten > dense(10)\n"), serving);
        }
        assertTrue(Files.size(result.archive()) > 0);
    }

    @Test
    void load_should_refuse_to_download_when_offline_and_say_what_to_do() {
        // Tests run with ai.djl.offline=true, as an offline Maven build sets it.
        BaseModelSpec remote = new BaseModelSpec(BaseModelSpec.Kind.URL, "https://models.example.com/base.zip", null);

        BaseModelException e = assertThrows(BaseModelException.class, () -> new BaseModelLoader(null).load(remote, null, 10));

        assertEquals("Maven runs offline, so the model https://models.example.com/base.zip cannot be downloaded; and"
                + " without a <sha256> pin it cannot be taken from DJL's cache, since what the URL serves may have"
                + " changed. Set <sha256> to the model's SHA-256 and build once online: offline builds then use the"
                + " cached copy.", e.getMessage());
    }

    @Test
    void parse_should_reject_a_djl_url_without_an_artifact() {
        BaseModelException e = assertThrows(BaseModelException.class, () -> ZooArtifact.parse("djl://ai.djl.zoo"));

        assertEquals("<baseModel><url>djl://ai.djl.zoo</url> is not of the form djl://groupId/artifactId[?filter=value&...],"
                + " e.g. djl://ai.djl.zoo/resnet?layers=50", e.getMessage());
    }
}
