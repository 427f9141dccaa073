package io.github.transferml.transfer.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.transferml.transfer.data.DataFiles;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ModelFingerprintTest {

    private static final String TOOL = "transfer-maven-plugin 1.0, DJL 0.36.0, PyTorch 2.7.1";

    private static ModelFingerprint fingerprint(Map<String, String> settings, String base, Map<String, String> files,
            String tool) {
        return new ModelFingerprint(new TreeMap<>(settings), base, new DataFiles(new TreeMap<>(files)), tool);
    }

    private static final Map<String, String> SETTINGS = Map.of("epochs", "10", "learningRate", "0.001");
    private static final Map<String, String> FILES = Map.of("train/a/1.png", "aa", "train/b/1.png", "bb");

    @Test
    void sha256_should_depend_on_content_only() {
        ModelFingerprint one = fingerprint(SETTINGS, "b1", FILES, TOOL);
        ModelFingerprint same = fingerprint(new TreeMap<>(SETTINGS), "b1", new TreeMap<>(FILES), TOOL);

        assertEquals(one.sha256(), same.sha256());
        assertEquals(one, ModelFingerprint.fromJson(new com.google.gson.Gson().fromJson(
                new String(io.github.transferml.transfer.util.Json.bytes(one.toJson()),
                        java.nio.charset.StandardCharsets.UTF_8), Map.class)));
        assertNotEquals(one.sha256(), fingerprint(SETTINGS, "b2", FILES, TOOL).sha256());
        assertNotEquals(one.sha256(), fingerprint(SETTINGS, "b1", FILES, TOOL + " patched").sha256());
    }

    @Test
    void changesSince_should_say_what_changed_in_each_input() {
        ModelFingerprint before = fingerprint(SETTINGS, "1a2b3c4d5e6f", FILES, TOOL);
        Map<String, String> settings = new TreeMap<>(SETTINGS);
        settings.put("epochs", "20");
        settings.put("seed", "7");
        Map<String, String> files = new TreeMap<>(FILES);
        files.put("train/b/1.png", "changed");
        files.put("train/a/2.png", "new");
        files.put("train/a/3.png", "new");
        files.remove("train/a/1.png");

        ModelFingerprint after = fingerprint(settings, "9f8e7d6c5b4a", files, "transfer-maven-plugin 1.1, DJL 0.36.0,"
                + " PyTorch 2.7.1");

        assertEquals("configuration changed (epochs 10 -> 20, seed unset -> 7); base model changed (SHA-256"
                + " 1a2b3c4d… -> 9f8e7d6c…); dataset changed (2 files added, 1 changed, 1 removed); tool changed"
                + " (transfer-maven-plugin 1.0, DJL 0.36.0, PyTorch 2.7.1 -> transfer-maven-plugin 1.1, DJL 0.36.0,"
                + " PyTorch 2.7.1)", after.changesSince(before));
        assertEquals("", before.changesSince(fingerprint(SETTINGS, "1a2b3c4d5e6f", FILES, TOOL)));
    }
}
