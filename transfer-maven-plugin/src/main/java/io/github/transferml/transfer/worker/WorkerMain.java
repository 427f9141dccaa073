package io.github.transferml.transfer.worker;

import io.github.transferml.transfer.engine.DjlEnvironment;
import io.github.transferml.transfer.train.TrainingEvents;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The worker process: reads a {@link WorkerRequest}, runs its job with the engine, streams progress
 * on standard output and writes the result (or the job's exception) to a file. It stops at once
 * when the build that started it goes away (its standard input closes).
 */
public final class WorkerMain {

    /** Exit status when the build that started the worker is gone. */
    static final int ORPHANED = 70;

    private WorkerMain() {}

    /**
     * @param args the request file
     */
    public static void main(String[] args) throws Exception {
        // Standard output carries the protocol; anything else printed goes to standard error.
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        watchParent();
        WorkerRequest request = WorkerJson.read(Path.of(args[0]), WorkerRequest.class);
        DjlEnvironment.configure(request.offline());
        TrainingEvents events = new TrainingEvents() {
            @Override
            public void info(String message) {
                send(WorkerProtocol.Kind.INFO, message);
            }

            @Override
            public void warn(String message) {
                send(WorkerProtocol.Kind.WARN, message);
            }

            private void send(WorkerProtocol.Kind kind, String message) {
                synchronized (protocol) {
                    protocol.println(WorkerProtocol.encode(kind, message));
                }
            }
        };
        Object result;
        try {
            request.numerics().checkCpu(); // before the engine loads and silently falls back
            WorkerJob<?> job = job(request);
            result = job.run(events);
        } catch (Throwable t) { // everything, even an Error, goes back to the build with its type
            writeFailure(request.failure(), t);
            ProcessFootprint.describeSelf().ifPresent(events::info);
            protocol.flush();
            System.exit(0);
            return;
        }
        Path partial = request.result().resolveSibling(request.result().getFileName() + ".part");
        WorkerJson.write(partial, result);
        Files.move(partial, request.result(), StandardCopyOption.ATOMIC_MOVE);
        // Last, so it counts everything written; the build reads the result only when this output ends.
        ProcessFootprint.describeSelf().ifPresent(events::info);
        protocol.flush();
        System.exit(0); // the engine's threads must not keep the process alive
    }

    private static WorkerJob<?> job(WorkerRequest request) throws ClassNotFoundException {
        Class<?> type = Class.forName(request.jobType(), false, WorkerMain.class.getClassLoader());
        if (!WorkerJob.class.isAssignableFrom(type)
                || !type.getName().startsWith(WorkerMain.class.getPackageName().replace(".worker", "."))) {
            throw new IllegalArgumentException(request.jobType() + " is not a job of this plugin");
        }
        return (WorkerJob<?>) WorkerJson.fromJson(request.job(), type);
    }

    /** Java serialisation keeps the exception's type, message and cause for the build to rethrow. */
    private static void writeFailure(Path file, Throwable failure) throws IOException {
        // The text first: the build falls back on it if the object cannot be read back.
        Files.writeString(Worker.failureText(file), failure.getClass().getName() + ": " + failure.getMessage(),
                StandardCharsets.UTF_8);
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(partial); ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(failure);
        } catch (IOException notSerializable) { // a field of some exception is not serialisable: keep the text
            WorkerException copy = new WorkerException(failure.getClass().getName() + ": " + failure.getMessage());
            copy.setStackTrace(failure.getStackTrace());
            try (OutputStream out = Files.newOutputStream(partial); ObjectOutputStream objects = new ObjectOutputStream(out)) {
                objects.writeObject(copy);
            }
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A build killed with its worker running must not leave the worker training on. */
    private static void watchParent() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the build never writes; end of stream means it is gone
                }
            } catch (IOException e) {
                // gone as well
            }
            Runtime.getRuntime().halt(ORPHANED);
        }, "transfer-worker-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
