package io.github.transferml.transfer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.transferml.transfer.TestArchives;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.data.InputSpec;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.train.TransferTraining;
import io.github.transferml.transfer.util.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseModelLoaderTest {

    private static final InputSpec GREY_28 = new InputSpec(28, 28, true, null);

    @TempDir
    static Path dir;

    private static Path archive;

    @BeforeAll
    static void trainTinyBase() throws Exception {
        archive = new TransferTraining(TestData.request(dir, new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE,
                "resnet20", null), TestData.fashionIdx()).optEpochs(1).build(), null, TrainingEvents.NONE, "test")
                .run().archive();
    }

    @Test
    void load_should_read_a_file_url_like_a_path() throws Exception {
        BaseModelLoader loader = new BaseModelLoader(null);
        try (BaseModel byUrl = loader.load(spec(BaseModelSpec.Kind.URL, archive.toUri().toString(), null), null, 10);
                BaseModel byPath = loader.load(spec(BaseModelSpec.Kind.PATH, archive.toString(), null), null, 10)) {
            assertTrue(byUrl.pretrained());
            assertEquals(Sha256.of(archive), byUrl.sha256());
            assertEquals(byPath.sha256(), byUrl.sha256());
            assertEquals(byPath.recipe(), byUrl.recipe());
            assertEquals("resnet(numLayers=20,outSize=10,imageShape=1x28x28) > keep(12) > dense(10)",
                    byUrl.recipe().toString());
            assertEquals(GREY_28, byUrl.input());
            assertEquals(13, byUrl.network().getChildren().size());
        }
    }

    @Test
    void load_should_accept_a_matching_sha256_pin() throws Exception {
        String sha = Sha256.of(archive);
        try (BaseModel base = new BaseModelLoader(null).load(spec(BaseModelSpec.Kind.PATH, archive.toString(),
                sha.toUpperCase()), null, 10)) {
            assertEquals(sha, base.sha256());
        }
    }

    @Test
    void load_should_fail_when_the_sha256_pin_differs() throws Exception {
        String pin = "0".repeat(64);
        BaseModelException e = assertThrows(BaseModelException.class, () -> new BaseModelLoader(null)
                .load(spec(BaseModelSpec.Kind.PATH, archive.toString(), pin), null, 10));
        assertEquals("The base model (path " + archive + ") has SHA-256 " + Sha256.of(archive)
                + ", but <baseModel><sha256> pins " + pin + ". If this model is the one you want, update <sha256>.",
                e.getMessage());
    }

    @Test
    void load_should_name_a_missing_path() {
        Path missing = dir.resolve("nowhere.zip");
        BaseModelException e = assertThrows(BaseModelException.class, () -> new BaseModelLoader(null)
                .load(spec(BaseModelSpec.Kind.PATH, missing.toString(), null), null, 10));
        assertEquals("<baseModel><path> " + missing
                + " does not exist. Give a model directory or a model archive (.zip).", e.getMessage());
    }

    @Test
    void load_should_build_an_untrained_architecture_sized_by_the_data() {
        try (BaseModel base = new BaseModelLoader(null).load(spec(BaseModelSpec.Kind.ARCHITECTURE, "ResNet-20", null),
                GREY_28, 7)) {
            assertFalse(base.pretrained());
            assertEquals("resnet(numLayers=20,outSize=7,imageShape=1x28x28)", base.recipe().toString());
            assertEquals(14, base.network().getChildren().size());
        }
    }

    @Test
    void load_should_reject_an_architecture_that_does_not_exist_at_this_image_size() {
        BaseModelException e = assertThrows(BaseModelException.class, () -> new BaseModelLoader(null)
                .load(spec(BaseModelSpec.Kind.ARCHITECTURE, "resnet50", null), GREY_28, 10));
        assertEquals("<baseModel><architecture>resnet50</architecture> does not exist for 28 px high images;"
                + " DJL's ResNet offers [20, 32, 44, 56, 110] at this size.", e.getMessage());
        BaseModelException unknown = assertThrows(BaseModelException.class, () -> new BaseModelLoader(null)
                .load(spec(BaseModelSpec.Kind.ARCHITECTURE, "vgg16", null), GREY_28, 10));
        assertTrue(unknown.getMessage().startsWith("<baseModel><architecture>vgg16</architecture> is not known."));
    }

    @Test
    void load_should_offer_the_four_stage_resnets_above_28_px_as_djl_builds_them() {
        InputSpec colour32 = new InputSpec(32, 32, false, null);
        BaseModelException e = assertThrows(BaseModelException.class, () -> new BaseModelLoader(null)
                .load(spec(BaseModelSpec.Kind.ARCHITECTURE, "resnet20", null), colour32, 10));
        assertTrue(e.getMessage().endsWith("DJL's ResNet offers [18, 34, 50, 101, 152] at this size."), e.getMessage());
        try (BaseModel base = new BaseModelLoader(null).load(spec(BaseModelSpec.Kind.ARCHITECTURE, "resnet18", null),
                colour32, 10)) {
            assertEquals("resnet(numLayers=18,outSize=10,imageShape=3x32x32)", base.recipe().toString());
        }
    }

    @Test
    void load_should_resolve_coordinates_with_zip_and_model_as_defaults() throws Exception {
        List<String> asked = new ArrayList<>();
        ModelArtifactResolver resolver = (g, a, v, type, classifier) -> {
            asked.add(String.join(":", g, a, v, type, classifier));
            return archive;
        };
        try (BaseModel base = new BaseModelLoader(resolver).load(
                spec(BaseModelSpec.Kind.ARTIFACT, "com.acme:base:1.0", null), null, 10)) {
            assertEquals(Sha256.of(archive), base.sha256());
        }
        new BaseModelLoader(resolver).load(spec(BaseModelSpec.Kind.ARTIFACT, "com.acme:base:1.0:zip", null), null, 10)
                .close();
        assertEquals(List.of("com.acme:base:1.0:zip:model", "com.acme:base:1.0:zip:"), asked);
        BaseModelException e = assertThrows(BaseModelException.class, () -> new BaseModelLoader(resolver)
                .load(spec(BaseModelSpec.Kind.ARTIFACT, "com.acme:base", null), null, 10));
        assertEquals("<baseModel><artifact>com.acme:base</artifact> is not of the form"
                + " groupId:artifactId:version[:type[:classifier]], e.g. com.acme:base:1.0:zip:model", e.getMessage());
    }

    @Test
    void load_should_read_the_archive_now_at_the_path_after_it_was_replaced(@TempDir Path other) throws Exception {
        Path first = TestArchives.untrainedResnet(other.resolve("first.zip"), 1);
        Path second = TestArchives.untrainedResnet(other.resolve("second.zip"), 2);
        Path replaced = Files.copy(first, other.resolve("base.zip"));
        BaseModelLoader loader = new BaseModelLoader(null);
        try (BaseModel before = loader.load(spec(BaseModelSpec.Kind.PATH, replaced.toString(), null), null, 10)) {
            assertEquals(Sha256.of(first), before.sha256());
        }
        Files.copy(second, replaced, StandardCopyOption.REPLACE_EXISTING);

        try (BaseModel after = loader.load(spec(BaseModelSpec.Kind.PATH, replaced.toString(), null), null, 10);
                BaseModel expected = loader.load(spec(BaseModelSpec.Kind.PATH, second.toString(), null), null, 10)) {
            assertEquals(Sha256.of(second), after.sha256());
            assertEquals(parameters(expected.network()), parameters(after.network()));
        }
    }

    /** Every parameter's name and a digest of its bytes, in order. */
    private static List<String> parameters(Block block) throws NoSuchAlgorithmException {
        List<String> list = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(p.getValue().getArray().toByteArray());
            list.add(p.getKey() + " " + HexFormat.of().formatHex(digest));
        }
        return list;
    }

    private static BaseModelSpec spec(BaseModelSpec.Kind kind, String location, String sha) {
        return new BaseModelSpec(kind, location, sha);
    }
}
