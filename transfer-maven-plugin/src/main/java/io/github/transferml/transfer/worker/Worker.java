package io.github.transferml.transfer.worker;

import io.github.transferml.transfer.engine.NativeMemory;
import io.github.transferml.transfer.train.TrainingEvents;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a {@link WorkerJob} in a child JVM, as Surefire runs tests: the engine, its native libraries
 * and their settings live and die with that process. Progress is streamed to the caller's events
 * line by line; a result comes back as the job's result type, a job's exception is rethrown with its
 * type, and a worker that dies (a crash, out of memory, {@code kill -9}) becomes a
 * {@link WorkerException} that says what it was doing and how it ended.
 */
public final class Worker {

    /** Only what a job's exception is made of may be read back: the plugin's, DJL's and the JDK's types. */
    private static final ObjectInputFilter FAILURE_FILTER = ObjectInputFilter.Config.createFilter(
            "maxdepth=64;maxrefs=100000;maxbytes=10000000;java.**;javax.**;io.github.transferml.**;ai.djl.**;!*");

    private static final int OUTPUT_TAIL = 20;

    private final WorkerSettings settings;

    /** @param settings how to start the worker */
    public Worker(WorkerSettings settings) {
        this.settings = settings;
    }

    /**
     * Runs a job in a new worker process and waits for it.
     *
     * @param goal the goal, for messages, e.g. {@code train}
     * @param job what to run
     * @param events receives the worker's progress
     * @param <R> the result type
     * @return the job's result
     * @throws IOException if the job threw it
     * @throws WorkerException if the worker could not start or died
     */
    public <R> R run(String goal, WorkerJob<R> job, TrainingEvents events) throws IOException {
        Path folder = Files.createTempDirectory(Files.createDirectories(settings.directory()), goal + "-");
        Path requestFile = folder.resolve("request.json");
        Path result = folder.resolve("result.json");
        Path failure = folder.resolve("failure.ser");
        WorkerJson.write(requestFile, new WorkerRequest(goal, job.getClass().getName(), WorkerJson.toJson(job),
                result, failure, settings.offline(), settings.numerics()));
        Process process = start(folder, requestFile, goal);
        Deque<String> outputTail = new ArrayDeque<>(); // what it printed outside the protocol
        Thread errors = new Thread(() -> pumpErrors(process.getErrorStream(), outputTail, events),
                "transfer-worker-stderr");
        errors.setDaemon(true);
        errors.start();
        String lastProgress = null;
        int status;
        try {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    WorkerProtocol.Line decoded = WorkerProtocol.decode(line);
                    if (decoded.kind() == WorkerProtocol.Kind.WARN) {
                        events.warn(decoded.message());
                    } else {
                        events.info(decoded.message());
                        if (decoded.kind() != null) {
                            lastProgress = decoded.message();
                        } else {
                            remember(outputTail, line); // the JVM reports running out of heap here
                        }
                    }
                }
            }
            status = process.waitFor();
            errors.join(10_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new WorkerException("The " + goal + " worker was stopped: the build was interrupted.", e);
        } finally {
            process.getOutputStream().close();
        }
        if (Files.exists(result)) {
            R value = WorkerJson.read(result, job.resultType());
            deleteTree(folder);
            return value;
        }
        if (Files.exists(failure)) {
            Throwable thrown = readFailure(failure);
            deleteTree(folder);
            throw rethrow(goal, thrown);
        }
        List<String> tail;
        synchronized (outputTail) {
            tail = new ArrayList<>(outputTail);
        }
        throw new WorkerException(deathMessage(goal, process.pid(), status, lastProgress, tail, folder));
    }

    private Process start(Path folder, Path requestFile, String goal) throws IOException {
        // The class path goes in an argument file: it may be longer than a command line may be.
        Path argFile = folder.resolve("java.args");
        String classpath = settings.classpath().stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        Files.writeString(argFile, "-cp\n\"" + classpath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n",
                StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        command.add(settings.java().toString());
        command.add("-XX:+ExitOnOutOfMemoryError"); // a worker out of memory ends, and says so, instead of limping on
        command.add("-XX:ErrorFile=" + folder.resolve("hs_err_pid%p.log"));
        command.add("-Dfile.encoding=UTF-8");
        for (Map.Entry<String, Object> e : System.getProperties().entrySet().stream()
                .filter(e -> inherited(e.getKey().toString()))
                .map(e -> Map.entry(e.getKey().toString(), e.getValue())).toList()) {
            command.add("-D" + e.getKey() + "=" + e.getValue());
        }
        settings.numerics().systemProperties().forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-DOPT_OUT_TRACKING=true");
        command.addAll(settings.jvmArgs()); // last: the user's options win
        command.add("@" + argFile);
        command.add(WorkerMain.class.getName());
        command.add(requestFile.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
        environment(builder.environment());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new WorkerException("Cannot start the " + goal + " worker with " + settings.java() + ": "
                    + e.getMessage() + ". Check <jvm> (-Dtransfer.jvm).", e);
        }
    }

    /**
     * Turns the build's environment into the worker's: the numerics' pins, the device's settings, the
     * allocator's (unless the build sets its own), tracking off.
     *
     * @param env the build's environment, changed in place
     */
    void environment(Map<String, String> env) {
        settings.numerics().environment().forEach((name, value) -> {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });
        env.putAll(settings.device().environment());
        env.putAll(NativeMemory.environment(env, Runtime.getRuntime().availableProcessors()));
        env.put("OPT_OUT_TRACKING", "true");
    }

    /** DJL's own settings given to the build go on to the worker; the numerics' own settings come after. */
    private boolean inherited(String name) {
        return (name.startsWith("ai.djl.") || name.equals("DJL_CACHE_DIR") || name.equals("ENGINE_CACHE_DIR"))
                && !settings.numerics().systemProperties().containsKey(name);
    }

    private static void pumpErrors(InputStream stream, Deque<String> tail, TrainingEvents events) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                remember(tail, line);
                if (!line.startsWith("SLF4J")) { // the worker has no logging binding; DJL's notes go nowhere
                    events.info(line);
                }
            }
        } catch (IOException e) {
            // the process is gone; what it wrote is in the tail
        }
    }

    /** Keeps the last lines the worker printed outside the protocol, for a death message. */
    private static void remember(Deque<String> tail, String line) {
        synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > OUTPUT_TAIL) {
                tail.removeFirst();
            }
        }
    }

    private static Throwable readFailure(Path file) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
            in.setObjectInputFilter(FAILURE_FILTER);
            return (Throwable) in.readObject();
        } catch (ClassNotFoundException | ClassCastException | java.io.InvalidClassException e) {
            Path text = failureText(file); // a type from outside the plugin, DJL and the JDK: keep its words
            return new WorkerException(Files.isRegularFile(text) ? Files.readString(text, StandardCharsets.UTF_8)
                    : "The worker failed, and its error cannot be read back: " + e.getMessage(), e);
        }
    }

    /** Where the worker writes the failing exception's class and message as text. */
    static Path failureText(Path failure) {
        return failure.resolveSibling(failure.getFileName() + ".txt");
    }

    private static RuntimeException rethrow(String goal, Throwable thrown) throws IOException {
        if (thrown instanceof RuntimeException runtime) {
            return runtime;
        }
        if (thrown instanceof IOException io) {
            throw io;
        }
        if (thrown instanceof OutOfMemoryError) {
            return new WorkerException("The " + goal + " worker ran out of memory: " + thrown.getMessage()
                    + ". Give it more with <jvmArgs>-Xmx8g</jvmArgs> (-Dtransfer.jvmArgs=-Xmx8g).", thrown);
        }
        return new WorkerException("The " + goal + " worker failed: " + thrown, thrown);
    }

    /** Says how a worker that wrote neither result nor failure ended. */
    static String deathMessage(String goal, long pid, int status, String lastProgress, List<String> outputTail,
            Path folder) {
        StringBuilder m = new StringBuilder("The ").append(goal).append(" worker (pid ").append(pid)
                .append(") died with exit status ").append(status).append(": ").append(cause(status, outputTail));
        m.append(lastProgress == null ? ", before it reported anything." : ", after: " + lastProgress.strip() + ".");
        m.append(" No model archive or report was changed: they are written whole or not at all.");
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> f.getFileName().toString().startsWith("hs_err")).findFirst()
                    .ifPresent(f -> m.append(" The JVM's crash report: ").append(f).append('.'));
        } catch (IOException | UncheckedIOException e) {
            // no crash report to point at
        }
        List<String> shown = outputTail.stream().filter(l -> !l.startsWith("SLF4J") && !l.isBlank()).toList();
        if (!shown.isEmpty()) {
            m.append(" Its last output:\n  ").append(String.join("\n  ", shown));
        }
        return m.toString();
    }

    private static String cause(int status, List<String> outputTail) {
        // -XX:+ExitOnOutOfMemoryError ends the JVM with status 3
        if (status == 3 || outputTail.stream().anyMatch(l -> l.contains("OutOfMemoryError"))) {
            return "it ran out of Java heap; give it more with <jvmArgs>-Xmx8g</jvmArgs> (-Dtransfer.jvmArgs=-Xmx8g)";
        }
        if (status == WorkerMain.ORPHANED) {
            return "the build that started it went away";
        }
        return switch (status) {
            case 137 -> "killed by signal 9 (SIGKILL): kill -9, or the system's out-of-memory killer"
                    + " when the machine ran out of memory";
            case 143 -> "stopped by signal 15 (SIGTERM)";
            case 126, 127 -> "its java command could not be run; check <jvm> (-Dtransfer.jvm)";
            case 134 -> "aborted (SIGABRT), usually by a native library (PyTorch) that hit a fatal error";
            case 139 -> "crashed (SIGSEGV) in native code";
            default -> status > 128 ? String.format(Locale.ROOT, "ended by signal %d", status - 128)
                    : "it stopped without writing a result";
        };
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
