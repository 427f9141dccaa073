package io.github.transferml.transfer.source;

import io.github.transferml.transfer.util.ModelUrls;
import ai.djl.util.Utils;
import io.github.transferml.transfer.util.Sha256;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Downloads a model from an {@code http(s)} URL into DJL's cache, where it is kept by content at
 * {@code cache/transfer/<sha256>/<file name>}. Unlike a download through DJL's {@code Criteria},
 * the bytes are checked before anything reads them: the size against a cap while they arrive, and the
 * SHA-256 against the POM's pin once they are in, so a tampered or swapped file is deleted before it
 * is extracted or loaded. A pinned model already in the cache is used without the network, which is
 * what lets an offline build use a URL base.
 *
 * <p>Messages name the URL only {@linkplain ModelUrls#redact redacted}: a URL may carry a token.
 * Credentials in the URL ({@code https://user:token@host/…}) are answered to the server's Basic
 * challenge, and only for that host and port, so a redirect elsewhere never receives them.
 */
public final class ModelDownloader {

    /** How long connecting may take, by default. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** How long the server may send nothing, by default: before the response, or within the body. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    private final Path cacheDir;
    private final ExtractionLimits limits;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    private ModelDownloader(Builder builder) {
        this.cacheDir = builder.cacheDir;
        this.limits = builder.limits;
        this.connectTimeout = builder.connectTimeout;
        this.readTimeout = builder.readTimeout;
    }

    /**
     * A builder; every option has a default.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the model at a URL from the cache, or downloads it there.
     *
     * @param url an {@code http} or {@code https} URL, possibly with credentials
     * @param sha256 the SHA-256 the model must have (any case), or {@code null} to accept any; only a
     *     pinned model can be served from the cache, since an unpinned URL's content may have changed
     * @param offline whether the network is off limits (the caller derives it from
     *     {@code ai.djl.util.Utils.isOfflineMode()} or Maven's {@code -o})
     * @return the cached file and its SHA-256
     * @throws ModelDownloadException if the model cannot be had, is too large or does not match its pin;
     *     nothing of it is then left in the cache
     * @throws IOException if the cache cannot be written
     */
    public DownloadedModel download(String url, String sha256, boolean offline) throws IOException {
        String shown = ModelUrls.redact(url);
        URI uri = parse(url, shown);
        String pin = normalizePin(sha256);
        Path transfer = (cacheDir != null ? cacheDir : Utils.getCacheDir()).resolve("cache/transfer");
        String name = ModelUrls.fileName(url);
        if (pin != null) {
            Path cached = transfer.resolve(pin).resolve(name);
            if (Files.isRegularFile(cached)) {
                if (pin.equals(Sha256.of(cached))) {
                    return new DownloadedModel(cached, pin, true);
                }
                Files.delete(cached); // damaged in the cache: fetched again below, or reported missing
            }
        }
        if (offline) {
            throw new ModelDownloadException(pin == null
                    ? "Maven runs offline, so the model " + shown + " cannot be downloaded; and without a <sha256>"
                            + " pin it cannot be taken from DJL's cache, since what the URL serves may have changed."
                            + " Set <sha256> to the model's SHA-256 and build once online: offline builds then use"
                            + " the cached copy."
                    : "Maven runs offline, so the model " + shown + " cannot be downloaded, and DJL's cache does not"
                            + " hold it: " + transfer.resolve(pin).resolve(name) + " does not exist. Build once online,"
                            + " or copy the model file there.");
        }
        return fetch(uri, shown, pin, transfer, name);
    }

    private DownloadedModel fetch(URI uri, String shown, String pin, Path transfer, String name) throws IOException {
        Path part = Files.createTempFile(Files.createDirectories(transfer.resolve("downloads")), "download-", ".part");
        try {
            String sha256 = receive(uri, shown, part);
            if (pin != null && !pin.equals(sha256)) {
                throw new ModelDownloadException("The model downloaded from " + shown + " has SHA-256 " + sha256
                        + ", but its <sha256> pin is " + pin + ". The download was deleted; nothing was extracted or"
                        + " loaded. If this file is the model you want, update <sha256>; if not, what the URL serves"
                        + " has changed or been tampered with.");
            }
            Path target = transfer.resolve(sha256).resolve(name);
            Files.createDirectories(target.getParent());
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                // Another build moved the same content there first (where a move does not replace).
            }
            return new DownloadedModel(target, sha256, false);
        } finally {
            Files.deleteIfExists(part); // gone after the move; else refused, failed or already cached
        }
    }

    /** Streams the body into the file, and returns its SHA-256. */
    private String receive(URI uri, String shown, Path part) throws IOException {
        HttpClient.Builder client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL);
        Authenticator credentials = credentials(uri);
        if (credentials != null) {
            client.authenticator(credentials);
        }
        HttpRequest request = HttpRequest.newBuilder(withoutUserInfo(uri)).timeout(readTimeout).GET().build();
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
            DownloadSink sink = new DownloadSink(out, limits.maxBytes());
            CompletableFuture<HttpResponse<Void>> response = client.build().sendAsync(request, sink::handle);
            response.whenComplete((ignored, error) -> {
                if (error != null) {
                    sink.fail(error);
                }
            });
            try {
                await(sink, shown, credentials != null);
            } finally {
                sink.close(); // nothing is written once the file is closed and deleted
                response.cancel(true);
            }
            return sink.sha256();
        }
    }

    /** Waits for the body, failing when nothing arrives for the read timeout. */
    private void await(DownloadSink sink, String shown, boolean withCredentials) throws IOException {
        long slice = Math.max(10, Math.min(1000, readTimeout.toMillis() / 4));
        while (true) {
            try {
                sink.done().get(slice, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() - sink.lastActivity() > readTimeout.toNanos()) {
                    throw new ModelDownloadException("Cannot download the model " + shown + ": the server sent nothing"
                            + " for " + format(readTimeout) + ". Try again later, or check the URL.");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while downloading " + shown);
            } catch (ExecutionException e) {
                throw failure(e.getCause(), shown, withCredentials);
            }
        }
    }

    private ModelDownloadException failure(Throwable cause, String shown, boolean withCredentials) {
        Throwable root = cause instanceof CompletionException && cause.getCause() != null
                ? cause.getCause() : cause;
        if (root instanceof DownloadSink.Refusal refusal) {
            if (refusal.status != 200) {
                return new ModelDownloadException("Cannot download the model " + shown + ": the server answered HTTP "
                        + refusal.status + hint(refusal.status));
            }
            return new ModelDownloadException("Refusing to download the model " + shown + ": "
                    + (refusal.declaredLength > 0
                            ? "the server declares " + ExtractionLimits.size(refusal.declaredLength) + ", more than the"
                                    + " cap of " + limits.describe() + ". Nothing was downloaded. "
                                    + limits.howToRaise(refusal.declaredLength)
                            : "it is larger than the cap of " + limits.describe() + ". The download stopped at the cap"
                                    + " and was deleted. " + limits.howToRaise()));
        }
        if (withCredentials && root.getClass() == IOException.class && String.valueOf(root.getMessage())
                .contains("credentials")) {
            // With an authenticator, the JDK client reports a 401 to credentials it sent as "No credentials provided".
            return new ModelDownloadException("Cannot download the model " + shown + ": the server answered HTTP 401"
                    + hint(401));
        }
        String what;
        if (root instanceof HttpConnectTimeoutException) {
            what = "connecting timed out after " + format(connectTimeout);
        } else if (root instanceof HttpTimeoutException) {
            what = "the server sent no response for " + format(readTimeout);
        } else if (root instanceof ConnectException && root.getCause() instanceof UnresolvedAddressException) {
            what = "the host is unknown";
        } else if (root instanceof ConnectException) {
            what = "the connection failed (" + (root.getMessage() == null ? "refused" : root.getMessage()) + ")";
        } else {
            what = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        }
        // The JDK's messages hold no URL, but a cause is attached only when nothing in it can hold one.
        return new ModelDownloadException("Cannot download the model " + shown + ": " + what
                + ". Check the URL and the network; a pinned model, once downloaded, needs neither.",
                root instanceof ConnectException || root instanceof HttpTimeoutException ? root : null);
    }

    private static String format(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String hint(int status) {
        if (status == 401 || status == 403) {
            return ", which refuses access. Check the credentials (https://user:token@host/…) or the URL.";
        }
        if (status == 404 || status == 410) {
            return ": there is no file at that URL. Check the URL.";
        }
        if (status >= 500) {
            return ", a failure of the server. Try again later.";
        }
        return ". Check the URL.";
    }

    private static URI parse(String url, String shown) throws ModelDownloadException {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (java.net.URISyntaxException e) {
            // The parser's message quotes the whole URL, secrets and all: it is not passed on.
            throw new ModelDownloadException("The model URL " + shown + " is not a valid URL (" + e.getReason()
                    + " at index " + e.getIndex() + "). Escape spaces and special characters, e.g. %20 for a space.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ModelDownloadException("The model URL " + shown + " cannot be downloaded: only http and https"
                    + " URLs with a host are.");
        }
        return uri;
    }

    private static String normalizePin(String sha256) {
        if (sha256 == null) {
            return null;
        }
        String pin = sha256.trim().toLowerCase(Locale.ROOT);
        if (!pin.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("A SHA-256 pin is 64 hexadecimal digits, not '" + sha256 + "'");
        }
        return pin;
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        String s = uri.toString();
        int at = s.indexOf(uri.getRawUserInfo() + "@");
        return URI.create(s.substring(0, at) + s.substring(at + uri.getRawUserInfo().length() + 1));
    }

    /**
     * Answers a Basic challenge of the URL's own host and port with the URL's credentials, and no
     * other; once only, so that wrong credentials fail at once rather than after the client's retries.
     */
    private static Authenticator credentials(URI uri) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null) {
            return null;
        }
        int colon = userInfo.indexOf(':');
        String user = URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon), StandardCharsets.UTF_8);
        char[] password = URLDecoder.decode(colon < 0 ? "" : userInfo.substring(colon + 1), StandardCharsets.UTF_8)
                .toCharArray();
        String host = uri.getHost();
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        AtomicBoolean answered = new AtomicBoolean();
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                boolean sameServer = getRequestorType() == RequestorType.SERVER
                        && host.equalsIgnoreCase(getRequestingHost()) && port == getRequestingPort();
                return sameServer && !answered.getAndSet(true) ? new PasswordAuthentication(user, password.clone())
                        : null;
            }
        };
    }

    /** Options of a {@link ModelDownloader}, each with a default. */
    public static final class Builder {

        private Path cacheDir;
        private ExtractionLimits limits = ExtractionLimits.DEFAULT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;

        private Builder() {}

        /**
         * Sets DJL's cache directory; by default {@code ai.djl.util.Utils.getCacheDir()} at each download.
         *
         * @param cacheDir the directory holding {@code cache/transfer}
         * @return this builder
         */
        public Builder optCacheDir(Path cacheDir) {
            this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
            return this;
        }

        /**
         * Sets the limits, whose byte cap bounds the download as it bounds the archive's extraction.
         *
         * @param limits the limits; {@link ExtractionLimits#DEFAULT} by default
         * @return this builder
         */
        public Builder optLimits(ExtractionLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Sets how long connecting may take.
         *
         * @param timeout positive; {@link #DEFAULT_CONNECT_TIMEOUT} by default
         * @return this builder
         */
        public Builder optConnectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets how long the server may send nothing, before the response or within the body.
         *
         * @param timeout positive; {@link #DEFAULT_READ_TIMEOUT} by default
         * @return this builder
         */
        public Builder optReadTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /**
         * Builds the downloader.
         *
         * @return the downloader
         */
        public ModelDownloader build() {
            return new ModelDownloader(this);
        }

        private static Duration positive(Duration timeout, String name) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, not " + timeout);
            }
            return timeout;
        }
    }
}
