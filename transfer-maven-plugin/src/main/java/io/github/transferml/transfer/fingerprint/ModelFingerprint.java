package io.github.transferml.transfer.fingerprint;

import io.github.transferml.transfer.data.DataFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything that decides a model, so that a rebuild can tell whether the archive it has is the one
 * it would make: the effective settings, the base's SHA-256, the data files that are read, and the
 * tool that trains (plugin, DJL and PyTorch versions). As DVC's stage hashes and Ludwig's
 * preprocessing cache, the identity is a digest of content, never of time stamps or paths.
 *
 * @param settings the training settings by name ({@code TrainingRequest#settings})
 * @param base the base model's SHA-256, or {@code none} for an untrained architecture
 * @param data the data files read, with their digests
 * @param tool the plugin, DJL and PyTorch versions
 */
public record ModelFingerprint(SortedMap<String, String> settings, String base, DataFiles data, String tool) {

    /** Copies the settings. */
    public ModelFingerprint {
        settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
        base = base == null ? "none" : base;
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(tool, "tool");
    }

    /** @return the SHA-256 of all of it, in a fixed order */
    public String sha256() {
        StringBuilder text = new StringBuilder();
        settings.forEach((key, value) -> text.append("setting ").append(key).append('=').append(value).append('\n'));
        text.append("base ").append(base).append('\n');
        text.append("data ").append(data.digest()).append('\n');
        text.append("tool ").append(tool).append('\n');
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Says what changed since an earlier fingerprint, for the log line that explains a retraining.
     *
     * @param earlier the fingerprint of the model there is
     * @return e.g. {@code configuration changed (epochs 10 -> 20); dataset changed (3 files added)}, or
     *     an empty string when nothing did
     */
    public String changesSince(ModelFingerprint earlier) {
        List<String> reasons = new ArrayList<>();
        String settingChanges = settingChanges(earlier.settings(), settings);
        if (!settingChanges.isEmpty()) {
            reasons.add(settingChanges);
        }
        if (!base.equals(earlier.base())) {
            reasons.add("base model changed (SHA-256 " + abbreviate(earlier.base()) + " -> " + abbreviate(base) + ")");
        }
        String dataChanges = data.changesSince(earlier.data());
        if (!dataChanges.isEmpty()) {
            reasons.add("dataset changed (" + dataChanges + ")");
        }
        if (!tool.equals(earlier.tool())) {
            reasons.add("tool changed (" + earlier.tool() + " -> " + tool + ")");
        }
        return String.join("; ", reasons);
    }

    /**
     * Says which settings changed.
     *
     * @param earlier the settings before
     * @param now the settings now
     * @return e.g. {@code configuration changed (epochs 10 -> 20, seed unset -> 7)}, or an empty string
     */
    public static String settingChanges(Map<String, String> earlier, Map<String, String> now) {
        List<String> changes = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(now.keySet());
        keys.addAll(earlier.keySet());
        for (String key : keys) {
            String before = earlier.get(key);
            String after = now.get(key);
            if (!Objects.equals(before, after)) {
                changes.add(key + " " + (before == null ? "unset" : before) + " -> " + (after == null ? "unset" : after));
            }
        }
        return changes.isEmpty() ? "" : "configuration changed (" + String.join(", ", changes) + ")";
    }

    /** @return the fingerprint as JSON values, with its SHA-256 first */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sha256", sha256());
        json.put("settings", settings);
        json.put("base", base);
        json.put("tool", tool);
        json.put("data", data.files());
        return json;
    }

    /**
     * Reads what {@link #toJson} wrote.
     *
     * @param json the parsed JSON object
     * @return the fingerprint
     * @throws IllegalArgumentException if it is not a fingerprint
     */
    @SuppressWarnings("unchecked")
    public static ModelFingerprint fromJson(Map<String, Object> json) {
        try {
            SortedMap<String, String> settings = new TreeMap<>();
            ((Map<String, Object>) json.get("settings")).forEach((k, v) -> settings.put(k, String.valueOf(v)));
            SortedMap<String, String> files = new TreeMap<>();
            ((Map<String, Object>) json.get("data")).forEach((k, v) -> files.put(k, String.valueOf(v)));
            return new ModelFingerprint(settings, (String) json.get("base"), new DataFiles(files),
                    (String) json.get("tool"));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("not a fingerprint: " + e.getMessage(), e);
        }
    }

    /**
     * Shortens a SHA-256 for a log line.
     *
     * @param sha256 the digest
     * @return its first 8 digits and an ellipsis
     */
    public static String abbreviate(String sha256) {
        return sha256.length() > 8 ? sha256.substring(0, 8) + "…" : sha256;
    }
}
