package io.github.transferml.transfer.fingerprint;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import io.github.transferml.transfer.util.AtomicFiles;
import io.github.transferml.transfer.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Decides whether the archive and reports there are are the ones this build would make, as DVC's
 * {@code repro} skips a stage whose dependencies did not change. The archive's {@code transfer.json}
 * carries the SHA-256 of its {@link ModelFingerprint}; the whole fingerprint, and the settings that
 * decide only the reports (a baseline, the rules), are kept in a record beside the build's other
 * outputs, so that a difference can be explained ("epochs 10 -> 20", "3 files added").
 */
public final class UpToDateCheck {

    /** The key of the fingerprint's SHA-256 in the archive's {@code transfer.json}. */
    public static final String KEY = "fingerprint";

    private final Path archive;
    private final Path record;
    private final Path metrics;

    /**
     * @param archive the model archive the build writes
     * @param record where the last written archive's whole fingerprint is kept
     * @param metrics the report that must still be there (its {@code metrics.json})
     */
    public UpToDateCheck(Path archive, Path record, Path metrics) {
        this.archive = archive;
        this.record = record;
        this.metrics = metrics;
    }

    /**
     * What a check found.
     *
     * @param upToDate whether the archive is the one this build would make
     * @param reason why not (empty when it is)
     */
    public record Verdict(boolean upToDate, String reason) {}

    /**
     * Compares the archive's fingerprint with this build's, and the reports' settings with this
     * build's.
     *
     * @param current this build's fingerprint
     * @param reportSettings this build's settings of the reports and the gate
     * @return the verdict
     */
    public Verdict check(ModelFingerprint current, Map<String, String> reportSettings) {
        if (!Files.isRegularFile(archive)) {
            return new Verdict(false, "there is no model archive yet (" + archive.getFileName() + ")");
        }
        String recorded = archiveFingerprint();
        if (recorded == null) {
            return new Verdict(false, archive.getFileName() + " records no fingerprint (an older plugin, or not"
                    + " written by transfer:train)");
        }
        String sha256 = current.sha256();
        Record earlier = record(recorded);
        if (!recorded.equals(sha256)) {
            String changes = earlier == null ? "" : current.changesSince(earlier.fingerprint());
            return new Verdict(false, changes.isEmpty() ? "the fingerprint changed ("
                    + ModelFingerprint.abbreviate(recorded) + " -> " + ModelFingerprint.abbreviate(sha256) + ")"
                    : changes);
        }
        if (earlier == null) {
            return new Verdict(false, record.getFileName() + ", which says how the reports were made, is missing");
        }
        String reportChanges = ModelFingerprint.settingChanges(earlier.reportSettings(), reportSettings);
        if (!reportChanges.isEmpty()) {
            return new Verdict(false, reportChanges);
        }
        if (!Files.isRegularFile(metrics)) {
            return new Verdict(false, "the reports are missing (" + metrics + ")");
        }
        return new Verdict(true, "");
    }

    /**
     * Keeps the whole fingerprint of the archive just written, and the settings of its reports, so a
     * later build can tell whether they are still this build's, and say what changed.
     *
     * @param fingerprint the archive's fingerprint
     * @param reportSettings the settings of the reports and the gate
     * @throws IOException if it cannot be written
     */
    public void remember(ModelFingerprint fingerprint, Map<String, String> reportSettings) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>(fingerprint.toJson());
        json.put("reportSettings", new TreeMap<>(reportSettings));
        AtomicFiles.write(record, Json.bytes(json));
    }

    /** What {@link #remember} kept. */
    private record Record(ModelFingerprint fingerprint, Map<String, String> reportSettings) {}

    private String archiveFingerprint() {
        try {
            Object value = manifest(archive).get(KEY);
            return value instanceof String ? (String) value : null;
        } catch (IOException | JsonParseException e) {
            return null; // not an archive this plugin can read: it is rebuilt
        }
    }

    /**
     * Reads a model archive's {@code transfer.json}.
     *
     * @param archive the archive
     * @return its content, empty when it has none
     * @throws IOException if the archive cannot be read
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> manifest(Path archive) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry entry = zip.getEntry("transfer.json");
            if (entry == null) {
                return Map.of();
            }
            try (InputStream in = zip.getInputStream(entry);
                    Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                Map<String, Object> manifest = new Gson().fromJson(reader, Map.class);
                return manifest == null ? Map.of() : manifest;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Record record(String sha256) {
        if (!Files.isRegularFile(record)) {
            return null;
        }
        try (Reader reader = Files.newBufferedReader(record, StandardCharsets.UTF_8)) {
            Map<String, Object> json = new Gson().fromJson(reader, Map.class);
            ModelFingerprint earlier = ModelFingerprint.fromJson(json);
            if (!earlier.sha256().equals(sha256)) {
                return null; // it must describe the archive there is
            }
            Map<String, String> reportSettings = new TreeMap<>();
            Object saved = json.get("reportSettings");
            if (saved instanceof Map<?, ?> map) {
                map.forEach((k, v) -> reportSettings.put(String.valueOf(k), String.valueOf(v)));
            }
            return new Record(earlier, reportSettings);
        } catch (IOException | JsonParseException | IllegalArgumentException | ClassCastException e) {
            return null;
        }
    }
}
