package io.github.transferml.transfer.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDownloaderTest {

    private static final byte[] MODEL = new byte[200 << 10];
    private static final String SHA256;
    private static final String WRONG_PIN = "0".repeat(64);
    private static final int THREE_MB = 3 << 20;

    static {
        new Random(1).nextBytes(MODEL);
        try {
            SHA256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(MODEL));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static final CountDownLatch RELEASE_STALLED = new CountDownLatch(1);
    private static ExecutorService executor;
    private static HttpServer server;
    private static String base;

    @TempDir
    Path dir;

    @BeforeAll
    static void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/models/", exchange -> send(exchange, MODEL, true));
        server.createContext("/private/", exchange -> send(exchange, MODEL, true)).setAuthenticator(
                new BasicAuthenticator("models") {
                    @Override
                    public boolean checkCredentials(String user, String password) {
                        return "ci".equals(user) && "s3cret-token".equals(password);
                    }
                });
        server.createContext("/chunked/", exchange -> send(exchange, new byte[THREE_MB], false));
        server.createContext("/declared/", exchange -> send(exchange, new byte[THREE_MB], true));
        server.createContext("/redirect/", exchange -> {
            REQUESTS.incrementAndGet();
            exchange.getResponseHeaders().add("Location", "/models/model.zip");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/stalled/", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[10]);
                out.flush();
                RELEASE_STALLED.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException | IOException e) {
                // the test is over
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        RELEASE_STALLED.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    @Test
    void download_should_cache_a_pinned_model_by_its_sha256() throws Exception {
        DownloadedModel model = downloader().download(base + "/models/v1/model.zip", SHA256.toUpperCase(), false);

        Path expected = cache().resolve("cache/transfer").resolve(SHA256).resolve("model.zip");
        assertEquals(new DownloadedModel(expected, SHA256, false), model);
        assertArrayEquals(MODEL, Files.readAllBytes(expected));
        assertEquals(List.of(".", SHA256, SHA256 + "/model.zip", "downloads"), cached());
    }

    @Test
    void download_should_reuse_a_pinned_model_without_the_network_even_offline() throws Exception {
        String url = base + "/models/v1/model.zip";
        Path file = downloader().download(url, SHA256, false).file();
        int requests = REQUESTS.get();

        assertEquals(new DownloadedModel(file, SHA256, true), downloader().download(url, SHA256, true));
        assertEquals(new DownloadedModel(file, SHA256, true), downloader().download(url, SHA256, false));
        assertEquals(requests, REQUESTS.get(), "no request once cached");
    }

    @Test
    void download_should_delete_a_model_whose_sha256_differs_from_its_pin() {
        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> downloader().download(base + "/models/v1/model.zip", WRONG_PIN, false));

        assertEquals("The model downloaded from " + base + "/…/model.zip has SHA-256 " + SHA256 + ", but its <sha256>"
                + " pin is " + WRONG_PIN + ". The download was deleted; nothing was extracted or loaded. If this file is"
                + " the model you want, update <sha256>; if not, what the URL serves has changed or been tampered"
                + " with.", e.getMessage());
        assertNothingCached();
    }

    @Test
    void download_should_accept_any_model_without_a_pin() throws Exception {
        DownloadedModel model = downloader().download(base + "/models/model.zip", null, false);

        assertEquals(SHA256, model.sha256());
        assertFalse(model.fromCache());
    }

    @Test
    void download_should_follow_a_redirect_and_keep_the_name_of_the_url() throws Exception {
        DownloadedModel model = downloader().download(base + "/redirect/resnet.zip", SHA256, false);

        assertEquals(cache().resolve("cache/transfer").resolve(SHA256).resolve("resnet.zip"), model.file());
    }

    @Test
    void download_should_report_http_404_with_the_url() {
        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> downloader().download(base + "/missing/model.zip", SHA256, false));

        assertEquals("Cannot download the model " + base + "/…/model.zip: the server answered HTTP 404: there is no file"
                + " at that URL. Check the URL.", e.getMessage());
        assertNothingCached();
    }

    @Test
    void download_should_report_a_refused_connection_with_the_url() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/model.zip";

        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> downloader().download(url, SHA256, false));

        assertEquals("Cannot download the model " + url + ": the connection failed (refused). Check the URL and the"
                + " network; a pinned model, once downloaded, needs neither.", e.getMessage());
        assertNothingCached();
    }

    @Test
    void download_should_stop_at_the_cap_when_the_body_is_larger() {
        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> downloader(ExtractionLimits.ofMegabytes(1)).download(base + "/chunked/big.zip", null, false));

        assertEquals("Refusing to download the model " + base + "/…/big.zip: it is larger than the cap of 1 MB. The"
                + " download stopped at the cap and was deleted. If you trust this model, raise the cap of 1 MB:"
                + " <maxModelMb> in the plugin's configuration, or -Dtransfer.maxModelMb.", e.getMessage());
        assertNothingCached();
    }

    @Test
    void download_should_refuse_a_declared_length_above_the_cap_before_receiving_it() {
        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> downloader(ExtractionLimits.ofMegabytes(1)).download(base + "/declared/big.zip", null, false));

        assertEquals("Refusing to download the model " + base + "/…/big.zip: the server declares 3 MB, more than the"
                + " cap of 1 MB. Nothing was downloaded. If you trust this model, raise the cap to at least 3 MB:"
                + " <maxModelMb>3</maxModelMb> in the plugin's configuration, or -Dtransfer.maxModelMb=3.",
                e.getMessage());
        assertNothingCached();
    }

    @Test
    void download_should_time_out_when_the_server_stops_sending() {
        ModelDownloader downloader = ModelDownloader.builder().optCacheDir(cache())
                .optReadTimeout(Duration.ofMillis(300)).build();

        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> downloader.download(base + "/stalled/model.zip", null, false));

        assertEquals("Cannot download the model " + base + "/…/model.zip: the server sent nothing for 300 ms. Try"
                + " again later, or check the URL.", e.getMessage());
        assertNothingCached();
    }

    @Test
    void download_should_fail_offline_when_the_pinned_model_is_not_cached() {
        int requests = REQUESTS.get();

        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> downloader().download(base + "/models/v1/model.zip", SHA256, true));

        assertEquals("Maven runs offline, so the model " + base + "/…/model.zip cannot be downloaded, and DJL's cache"
                + " does not hold it: " + cache().resolve("cache/transfer").resolve(SHA256).resolve("model.zip")
                + " does not exist. Build once online, or copy the model file there.", e.getMessage());
        assertEquals(requests, REQUESTS.get());
    }

    @Test
    void download_should_fail_offline_without_a_pin() {
        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> downloader().download(base + "/models/v1/model.zip", null, true));

        assertEquals("Maven runs offline, so the model " + base + "/…/model.zip cannot be downloaded; and without a"
                + " <sha256> pin it cannot be taken from DJL's cache, since what the URL serves may have changed. Set"
                + " <sha256> to the model's SHA-256 and build once online: offline builds then use the cached copy.",
                e.getMessage());
    }

    @Test
    void download_should_answer_the_servers_challenge_with_the_urls_credentials() throws Exception {
        String url = "http://ci:s3cret-token@127.0.0.1:" + server.getAddress().getPort()
                + "/private/v1/model.zip?X-Signature=sig-secret";

        assertEquals(SHA256, downloader().download(url, SHA256, false).sha256());
    }

    @Test
    void download_should_never_show_the_urls_credentials() {
        String authority = "ci:s3cret-token@127.0.0.1:" + server.getAddress().getPort();
        List<String> urls = List.of(
                "http://" + authority + "/private/v1/model.zip?X-Signature=sig-secret", // wrong pin
                "http://ci:wrong-s3cret-token@127.0.0.1:" + server.getAddress().getPort() + "/private/model.zip", // 401
                "http://" + authority + "/missing/model.zip?X-Signature=sig-secret", // 404
                "http://" + authority.replaceAll(":\\d+$", ":1") + "/model.zip?X-Signature=sig-secret", // refused
                "http://" + authority + "/models/a b.zip?X-Signature=sig-secret"); // malformed
        for (String url : urls) {
            ModelDownloadException e = assertThrows(ModelDownloadException.class,
                    () -> downloader().download(url, WRONG_PIN, false));
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            for (String secret : List.of("s3cret", "sig-secret", "ci:", "X-Signature")) {
                assertFalse(trace.toString().contains(secret), secret + " shown in " + trace);
            }
            assertTrue(e.getMessage().contains("127.0.0.1") || e.getMessage().contains("…"), e.getMessage());
        }
        assertEquals("Cannot download the model " + base + "/…/model.zip: the server answered HTTP 401, which refuses"
                + " access. Check the credentials (https://user:token@host/…) or the URL.",
                assertThrows(ModelDownloadException.class, () -> downloader().download(urls.get(1), WRONG_PIN, false))
                        .getMessage());
    }

    private ModelDownloader downloader() {
        return downloader(ExtractionLimits.DEFAULT);
    }

    private ModelDownloader downloader(ExtractionLimits limits) {
        return ModelDownloader.builder().optCacheDir(cache()).optLimits(limits).build();
    }

    private Path cache() {
        return dir.resolve("djl-cache");
    }

    /** No model and no partial download: at most the empty downloads directory. */
    private void assertNothingCached() {
        assertTrue(List.of(List.of("."), List.of(".", "downloads")).contains(cached()), cached().toString());
    }

    private List<String> cached() {
        Path transfer = cache().resolve("cache/transfer");
        if (!Files.exists(transfer)) {
            return List.of(".");
        }
        try (Stream<Path> walk = Files.walk(transfer)) {
            return walk.map(p -> p.equals(transfer) ? "." : transfer.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void send(HttpExchange exchange, byte[] body, boolean declareLength) throws IOException {
        REQUESTS.incrementAndGet();
        exchange.sendResponseHeaders(200, declareLength ? body.length : 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException e) {
            // the client stopped reading: what a refused download does
        } finally {
            exchange.close();
        }
    }
}
