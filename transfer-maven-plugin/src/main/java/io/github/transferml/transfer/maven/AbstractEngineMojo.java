package io.github.transferml.transfer.maven;

import io.github.transferml.transfer.engine.DeviceChoice;
import io.github.transferml.transfer.engine.DjlEnvironment;
import io.github.transferml.transfer.engine.Numerics;
import io.github.transferml.transfer.worker.Worker;
import io.github.transferml.transfer.worker.WorkerSettings;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * A goal that runs the engine. The engine runs in a worker JVM that the goal starts, as Surefire
 * forks tests: the plugin's own class path, an environment the plugin sets (the engine's native
 * libraries read their settings once, when they load), progress streamed to the log.
 */
abstract class AbstractEngineMojo extends AbstractMojo {

    /**
     * How the engine computes. {@code portable}: a fixed number of threads ({@code threads}) and the
     * kernels of PyTorch, oneDNN and MKL pinned at AVX2, so the same POM and data give the same bytes
     * on every x86-64 CPU with AVX2 and FMA, Intel or AMD. {@code compatible}: pinned at SSE4.1, the
     * same bytes on every x86-64 CPU, about twice as slow. {@code fast}: every core and the machine's
     * best kernels; the same bytes only on the same kind of machine.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.numerics", defaultValue = "portable")
    private String numerics;

    /**
     * The engine's threads in {@code portable} and {@code compatible} mode: the same number on every machine, never "all
     * cores". Part of what decides the model's bytes.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.threads", defaultValue = "" + Numerics.DEFAULT_THREADS)
    private int threads;

    /**
     * Where the engine computes: {@code cpu}, {@code gpu} or {@code auto} (a GPU when the engine sees
     * one). Default: {@code cpu} with {@code portable} and {@code compatible} numerics (a GPU cannot
     * give their bytes, so {@code gpu} is refused with them), {@code auto} with {@code fast}. {@code
     * cpu} hides every GPU from the worker ({@code CUDA_VISIBLE_DEVICES=""}); a GPU run sets cuBLAS's
     * deterministic workspace and is recorded in {@code transfer.json}. A GPU needs PyTorch's CUDA
     * natives as a dependency of the plugin ({@code ai.djl.pytorch:pytorch-native-cu128:2.7.1:linux-x86_64}
     * for this DJL release); {@code gpu} without one fails, naming them.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.device")
    private String device;

    /**
     * Options of the worker JVM, e.g. {@code -Xmx8g}, as Surefire's {@code argLine}: split on spaces,
     * quotes keep spaces.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.jvmArgs")
    private String jvmArgs;

    /**
     * The {@code java} that runs the worker: an executable or a Java home. Default: the one that runs
     * Maven.
     *
     * @since 0.1.0
     */
    @Parameter(property = "transfer.jvm")
    private String jvm;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected MojoExecution mojoExecution;

    /** @return the numerics the POM asks for */
    protected Numerics numerics() {
        return Numerics.parse(numerics, threads);
    }

    /** @return where the POM asks the engine to compute */
    protected DeviceChoice device() {
        return DeviceChoice.parse(device, numerics());
    }

    /**
     * @return a worker for this goal, started fresh for each job
     * @throws io.github.transferml.transfer.config.ConfigurationException naming the parameter at fault
     */
    protected Worker worker() {
        return worker(List.of());
    }

    /**
     * The worker this goal runs in, started with some JVM options of its own before the build's
     * {@code jvmArgs} (which win).
     *
     * @param options e.g. the module options Spark needs
     * @return the worker
     * @throws io.github.transferml.transfer.config.ConfigurationException naming the parameter at fault
     */
    protected Worker worker(List<String> options) {
        DjlEnvironment.configure(session.isOffline());
        if (session.isOffline()) {
            getLog().info("Maven is offline, so DJL runs offline too: nothing will be downloaded.");
        }
        Numerics numerics = numerics();
        if (numerics.pinned()) {
            getLog().info("Engine: a worker JVM, numerics " + numerics.describe());
        } else {
            getLog().warn(Numerics.FAST_WARNING);
        }
        Path directory = ModelSelection.hasProject(project)
                ? Path.of(project.getBuild().getDirectory(), "transfer-work", "worker")
                : Path.of(System.getProperty("java.io.tmpdir"), "transfer-worker");
        List<String> arguments = new ArrayList<>(options);
        arguments.addAll(WorkerSettings.splitArguments(jvmArgs));
        return new Worker(new WorkerSettings(WorkerSettings.java(jvm), arguments,
                classpath(), numerics, device(), session.isOffline(), directory));
    }

    /** @return the plugin's jar and its dependencies, and the logging API Maven shares with plugins */
    private List<Path> classpath() {
        List<Path> paths = new ArrayList<>();
        for (URL url : mojoExecution.getMojoDescriptor().getPluginDescriptor().getClassRealm().getURLs()) {
            paths.add(path(url));
        }
        // Maven gives plugins its own SLF4J API instead of theirs; DJL needs one in the worker too.
        Path slf4j = path(org.slf4j.Logger.class.getProtectionDomain().getCodeSource().getLocation());
        if (!paths.contains(slf4j)) {
            paths.add(slf4j);
        }
        return paths;
    }

    private static Path path(URL url) {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Not a file on the class path: " + url, e);
        }
    }
}
