package io.github.transferml.transfer.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.DatasetSpec;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.data.DatasetException;
import io.github.transferml.transfer.engine.Numerics;
import io.github.transferml.transfer.source.ResolvedArtifacts;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.train.TrainingResult;
import io.github.transferml.transfer.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine runs in a child JVM: real trainings of a small ResNet on the committed digit images,
 * progress streamed back, a job's exception rethrown with its type, a worker killed with
 * {@code kill -9} turned into a clear failure that leaves the last archive as it was.
 */
class WorkerTest {

    @TempDir
    Path dir;

    private Worker worker(Numerics numerics) {
        return new Worker(new WorkerSettings(WorkerSettings.currentJava(), List.of("-Xmx1g"),
                WorkerSettings.currentClasspath(), numerics, true, dir.resolve("worker")));
    }

    private TrainingRequest.Builder request(Path out, int epochs) {
        DatasetSpec folders = new DatasetSpec(DatasetSpec.Format.FOLDER, TestData.root().resolve("corrupt/validation"),
                null, 0.5, null, null, null, null, null);
        return TestData.request(out, new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE, "resnet20", null), folders)
                .optEpochs(epochs);
    }

    private static TrainingEvents collect(List<String> log, Runnable onEpoch) {
        return new TrainingEvents() {
            @Override
            public void info(String message) {
                log.add(message);
                if (message.startsWith("Epoch 1/")) {
                    onEpoch.run();
                }
            }

            @Override
            public void warn(String message) {
                log.add("WARN " + message);
            }
        };
    }

    @Test
    void train_should_run_in_the_worker_stream_progress_and_record_the_numerics() throws IOException {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        TrainingResult result = worker(Numerics.DEFAULT).run("train",
                new TrainJob(request(dir.resolve("out"), 1).build(), new ResolvedArtifacts(Map.of()), "test"),
                collect(log, () -> {}));

        assertTrue(log.stream().anyMatch(l -> l.startsWith("Epoch 1/1: train loss")), log.toString());
        assertTrue(log.contains("Wrote model archive " + result.archive()), log.toString());
        if (Files.isReadable(Path.of("/proc/self/io"))) { // Linux: the worker's last event says what it cost
            assertTrue(log.stream().anyMatch(l -> l.startsWith("Worker: peak memory ")
                    && l.endsWith(" MB to disk (write_bytes)")), log.toString());
        }
        assertEquals(Sha256.of(result.archive()), result.archiveSha256());
        assertEquals(1, result.history().size());
        try (ZipFile zip = new ZipFile(result.archive().toFile())) {
            String manifest = new String(zip.getInputStream(zip.getEntry("transfer.json")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(manifest.contains("\"mode\": \"portable\""), manifest);
            assertTrue(manifest.contains("\"threads\": 2"), manifest);
            assertTrue(manifest.contains("\"atenCpuCapability\": \"avx2\""), manifest);
            assertFalse(manifest.contains("availableProcessors") || manifest.contains("host"), manifest);
        }
        try (var left = Files.list(dir.resolve("worker"))) {
            assertEquals(0, left.count(), "a finished run leaves no worker files");
        }
    }

    @Test
    void a_job_exception_should_reach_the_build_with_its_type_and_message() {
        Path missing = dir.resolve("no-such-folder");
        TrainingRequest request = TestData.request(dir.resolve("out"),
                new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE, "resnet20", null),
                new DatasetSpec(DatasetSpec.Format.FOLDER, missing, null, 0.5, null, null, null, null, null)).build();

        DatasetException e = assertThrows(DatasetException.class, () -> worker(Numerics.DEFAULT).run("train",
                new TrainJob(request, new ResolvedArtifacts(Map.of()), "test"), TrainingEvents.NONE));

        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void a_worker_killed_mid_epoch_should_fail_clearly_and_leave_the_last_archive_as_it_was() throws IOException {
        Path out = dir.resolve("out");
        TrainingResult first = worker(Numerics.DEFAULT).run("train",
                new TrainJob(request(out, 1).build(), new ResolvedArtifacts(Map.of()), "test"), TrainingEvents.NONE);
        byte[] good = Files.readAllBytes(first.archive());

        List<String> log = Collections.synchronizedList(new ArrayList<>());
        TrainJob longer = new TrainJob(request(out, 3).build(), new ResolvedArtifacts(Map.of()), "test");
        WorkerException e = assertThrows(WorkerException.class, () -> worker(Numerics.DEFAULT).run("train", longer,
                collect(log, () -> ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly))));

        assertTrue(e.getMessage().startsWith("The train worker (pid "), e.getMessage());
        assertTrue(e.getMessage().contains("died with exit status 137: killed by signal 9 (SIGKILL)"), e.getMessage());
        assertTrue(e.getMessage().contains(", after: Epoch 1/3: train loss"), e.getMessage());
        assertTrue(e.getMessage().contains("No model archive or report was changed"), e.getMessage());
        assertArrayEquals(good, Files.readAllBytes(first.archive()), "the last good archive is untouched");

        TrainingResult next = worker(Numerics.DEFAULT).run("train", longer, TrainingEvents.NONE);
        assertEquals(3, next.history().size(), "the next build trains");
    }

    @Test
    void a_worker_out_of_heap_should_say_so_and_name_jvm_args() {
        // 4 MB: this small training now fits in 8 (caches hold at most half the heap, the archive streams).
        Worker small = new Worker(new WorkerSettings(WorkerSettings.currentJava(), List.of("-Xmx4m"),
                WorkerSettings.currentClasspath(), Numerics.DEFAULT, true, dir.resolve("worker")));
        TrainJob job = new TrainJob(request(dir.resolve("out"), 1).build(), new ResolvedArtifacts(Map.of()), "test");

        WorkerException e = assertThrows(WorkerException.class, () -> small.run("train", job, TrainingEvents.NONE));

        assertTrue(e.getMessage().contains("ran out of Java heap; give it more with <jvmArgs>-Xmx8g</jvmArgs>"),
                e.getMessage());
    }

    @Test
    void the_worker_should_get_the_pins_the_device_and_an_allocator_that_keeps_memory() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("OMP_NUM_THREADS", "7", "PATH", "/bin"));
        worker(Numerics.DEFAULT).environment(env);
        assertEquals("2", env.get("OMP_NUM_THREADS"), "the pin wins over the build's own");
        assertEquals("/bin", env.get("PATH"));
        assertEquals("", env.get("CUDA_VISIBLE_DEVICES"), "cpu: no GPU is seen");
        assertEquals("33554432", env.get("MALLOC_MMAP_THRESHOLD_"));
        assertEquals("268435456", env.get("MALLOC_TRIM_THRESHOLD_"));
        assertEquals(Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())),
                env.get("MALLOC_ARENA_MAX"), "one arena per core");
        assertEquals("true", env.get("OPT_OUT_TRACKING"));

        Map<String, String> own = new java.util.HashMap<>(Map.of("MALLOC_TRIM_THRESHOLD_", "0", "MALLOC_ARENA_MAX", "8"));
        worker(Numerics.DEFAULT).environment(own);
        assertEquals("0", own.get("MALLOC_TRIM_THRESHOLD_"), "a build's own allocator settings stay");
        assertEquals("8", own.get("MALLOC_ARENA_MAX"));
        assertFalse(own.containsKey("MALLOC_MMAP_THRESHOLD_"), own.toString());
    }

    @Test
    void a_missing_java_should_name_the_jvm_parameter() {
        Path java = dir.resolve("no-java");
        var e = assertThrows(io.github.transferml.transfer.config.ConfigurationException.class,
                () -> new WorkerSettings(java, List.of(), List.of(), Numerics.DEFAULT, true, dir));
        assertEquals("<jvm> " + java + " does not exist. Give the path of a java executable (Java 17 or later),"
                + " or leave <jvm> unset to use the one that runs Maven.", e.getMessage());
    }

    @Test
    void jvm_args_should_split_as_a_shell_would() {
        assertEquals(List.of("-Xmx8g", "-Dname=a b", "-Dq=it's"),
                WorkerSettings.splitArguments("  -Xmx8g \"-Dname=a b\"   -Dq=\"it's\" "));
        assertEquals(List.of(), WorkerSettings.splitArguments(null));
        var e = assertThrows(io.github.transferml.transfer.config.ConfigurationException.class,
                () -> WorkerSettings.splitArguments("-Xmx1g \"-Dx=y"));
        assertEquals("<jvmArgs> has an unclosed \" quote: -Xmx1g \"-Dx=y", e.getMessage());
    }

    @Test
    void events_should_survive_the_line_protocol() {
        String message = "two\nlines \\ with \\n a backslash\r";
        WorkerProtocol.Line line = WorkerProtocol.decode(WorkerProtocol.encode(WorkerProtocol.Kind.WARN, message));
        assertEquals(WorkerProtocol.Kind.WARN, line.kind());
        assertEquals(message, line.message());
        assertEquals(new WorkerProtocol.Line(null, "[W thread_pool] raw native output"),
                WorkerProtocol.decode("[W thread_pool] raw native output"));
    }
}
