package io.github.transferml.transfer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.util.Utils;
import com.sun.net.httpserver.HttpServer;
import io.github.transferml.transfer.TestArchives;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.train.TrainingResult;
import io.github.transferml.transfer.train.TransferTraining;
import io.github.transferml.transfer.util.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An http(s) base: the plugin downloads it itself, checks the pin against the downloaded file before
 * extracting or loading anything, and publishes no secret of the URL. A server on 127.0.0.1 serves
 * a real archive.
 */
class UrlBaseTest {

    private static final String SECRET_PATH = "/private-bucket/team-a/base-model.zip";
    /** Served only to the test that pins it wrongly, so no other test puts it in the cache. */
    private static final String OTHER_PATH = "/private-bucket/team-a/other-model.zip";

    @TempDir
    static Path shared;

    private static HttpServer server;
    private static Path archive;
    private static String sha256;
    private static String otherSha256;
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    private String offline;

    @BeforeAll
    static void serve() throws IOException {
        archive = TestArchives.untrainedResnet(shared.resolve("base-model.zip"), 11);
        sha256 = Sha256.of(archive);
        byte[] bytes = Files.readAllBytes(archive);
        Path other = TestArchives.untrainedResnet(shared.resolve("other-model.zip"), 12);
        otherSha256 = Sha256.of(other);
        byte[] otherBytes = Files.readAllBytes(other);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(OTHER_PATH, exchange -> {
            exchange.sendResponseHeaders(200, otherBytes.length);
            exchange.getResponseBody().write(otherBytes);
            exchange.close();
        });
        server.createContext(SECRET_PATH, exchange -> {
            REQUESTS.incrementAndGet();
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    /** Tests run offline, as an offline Maven build does; a download needs the network. */
    @BeforeEach
    void online() {
        offline = System.getProperty("ai.djl.offline");
        System.setProperty("ai.djl.offline", "false");
    }

    @AfterEach
    void restore() {
        System.setProperty("ai.djl.offline", offline);
    }

    private static String url(String query) {
        return url(SECRET_PATH, query);
    }

    private static String url(String path, String query) {
        return "http://user:s3cr3t-token@127.0.0.1:" + server.getAddress().getPort() + path + query;
    }

    @Test
    void load_should_refuse_a_download_whose_pin_differs_before_extracting_it() {
        String wrong = "0".repeat(64);
        BaseModelSpec spec = new BaseModelSpec(BaseModelSpec.Kind.URL, url(OTHER_PATH, ""), wrong);

        BaseModelException e = assertThrows(BaseModelException.class,
                () -> new BaseModelLoader(null).load(spec, null, 10));

        String shown = "http://127.0.0.1:" + server.getAddress().getPort() + "/…/other-model.zip";
        assertEquals("The model downloaded from " + shown + " has SHA-256 " + otherSha256 + ", but its <sha256> pin is "
                + wrong + ". The download was deleted; nothing was extracted or loaded. If this file is the model you"
                + " want, update <sha256>; if not, what the URL serves has changed or been tampered with.",
                e.getMessage());
        assertFalse(Files.exists(Utils.getCacheDir().resolve("cache/transfer").resolve(otherSha256)),
                "nothing of the download is kept, nothing was extracted");
    }

    @Test
    void train_should_publish_no_secret_of_the_url_and_no_local_path() throws IOException {
        String url = url("?X-Amz-Signature=abcdef0123456789");
        BaseModelSpec spec = new BaseModelSpec(BaseModelSpec.Kind.URL, url, sha256);
        Path out = shared.resolve("train");

        TrainingResult result = new TransferTraining(TestData.request(out, spec, TestData.digitFolders())
                .optEpochs(1).build(), null, TrainingEvents.NONE, "test").run();

        String published = entries(result.archive());
        assertTrue(published.contains("\"location\": \"http://127.0.0.1:" + server.getAddress().getPort()
                + "/…/base-model.zip\""), published);
        for (String secret : new String[] {"s3cr3t-token", "user:", "X-Amz-Signature", "abcdef0123456789",
                "private-bucket", "team-a", shared.toString(), System.getProperty("user.home") + "/"}) {
            assertFalse(published.contains(secret), secret + " is published in the archive");
        }
    }

    @Test
    void load_should_use_a_pinned_download_offline_without_the_network() throws IOException {
        BaseModelSpec spec = new BaseModelSpec(BaseModelSpec.Kind.URL, url(""), sha256);
        try (BaseModel online = new BaseModelLoader(null).load(spec, null, 10)) {
            assertEquals(sha256, online.sha256());
        }
        int before = REQUESTS.get();
        System.setProperty("ai.djl.offline", "true");

        try (BaseModel cached = new BaseModelLoader(null).load(spec, null, 10)) {
            assertEquals(TestArchives.RECIPE, cached.recipe());
            assertEquals(sha256, cached.sha256());
        }
        assertEquals(before, REQUESTS.get(), "offline, the pinned model comes from the cache");
    }

    /** Every entry's bytes, as text: names, JSON, properties and the strings in the parameter file. */
    private static String entries(Path zip) throws IOException {
        StringBuilder text = new StringBuilder();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                text.append(entry.getName()).append('\n')
                        .append(new String(entries.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            }
        }
        return text.toString();
    }
}
