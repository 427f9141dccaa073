package io.github.transferml.transfer.source;

import java.nio.file.Path;

/**
 * A model file in DJL's cache, at {@code cache/transfer/<sha256>/<name>}.
 *
 * @param file the file
 * @param sha256 its SHA-256, lower-case hex
 * @param fromCache whether it was already cached, so that no request was made
 */
public record DownloadedModel(Path file, String sha256, boolean fromCache) {}
