package io.github.transferml.transfer.spark;

import io.github.transferml.transfer.config.SparkOptions;
import io.github.transferml.transfer.engine.Numerics;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkConf;

/**
 * The Spark settings of a build: the POM's, plus what makes executors compute exactly as this
 * machine does (the numerics' environment and engine threads, DJL offline and untracked) and, on a
 * real cluster, the jars they need (the plugin's, DJL's and PyTorch's native library).
 */
final class SparkSettings {

    static final String APP_NAME = "transfer-maven-plugin frozen pass";
    private static final String EXTRA_JAVA_OPTIONS = "spark.executor.extraJavaOptions";

    /** Classes whose jars executors need; Spark's own are on every executor already. */
    private static final List<String> EXECUTOR_CLASSES = List.of(
            "io.github.transferml.transfer.spark.ExecutorPass", // the plugin
            "ai.djl.Model", // DJL's API
            "ai.djl.basicmodelzoo.cv.classification.ResNetV1", // the networks recipes name
            "ai.djl.pytorch.engine.PtEngine", // its PyTorch engine
            "ai.djl.pytorch.jni.JniUtils", // its JNI bridge
            "com.google.gson.Gson", // what DJL's API reads its settings with
            "org.apache.commons.compress.archivers.ArchiveEntry"); // what DJL's API unpacks with
    /** The resource that marks PyTorch's native library jar. */
    private static final String NATIVE_MARKER = "native/lib/pytorch.properties";

    private SparkSettings() {}

    /**
     * @param options the POM's {@code <spark>}
     * @param numerics the build's numerics
     * @return the settings
     */
    static SparkConf of(SparkOptions options, Numerics numerics) {
        SparkConf conf = new SparkConf().setMaster(options.master()).setAppName(APP_NAME)
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false");
        for (Map.Entry<String, String> env : numerics.environment().entrySet()) {
            if (env.getValue() != null) {
                conf.setExecutorEnv(env.getKey(), env.getValue());
            }
        }
        conf.setExecutorEnv("OPT_OUT_TRACKING", "true");
        List<String> javaOptions = new ArrayList<>();
        numerics.systemProperties().forEach((key, value) -> javaOptions.add("-D" + key + "=" + value));
        javaOptions.add("-DOPT_OUT_TRACKING=true");
        if (Boolean.getBoolean("ai.djl.offline")) {
            javaOptions.add("-Dai.djl.offline=true");
        }
        conf.set(EXTRA_JAVA_OPTIONS, String.join(" ", javaOptions));
        if (!options.isLocal()) {
            conf.set("spark.jars", String.join(",", executorJars()));
        }
        for (Map.Entry<String, String> entry : options.conf().entrySet()) {
            if (entry.getKey().equals(EXTRA_JAVA_OPTIONS)) { // theirs after ours: the user's win
                conf.set(EXTRA_JAVA_OPTIONS, conf.get(EXTRA_JAVA_OPTIONS) + " " + entry.getValue());
            } else if (entry.getKey().equals("spark.jars") && conf.contains("spark.jars")) {
                conf.set("spark.jars", conf.get("spark.jars") + "," + entry.getValue());
            } else {
                conf.set(entry.getKey(), entry.getValue());
            }
        }
        return conf;
    }

    /** @return the jars executors need beside Spark's, as URIs */
    static List<String> executorJars() {
        Set<String> jars = new LinkedHashSet<>();
        ClassLoader loader = SparkSettings.class.getClassLoader();
        for (String name : EXECUTOR_CLASSES) {
            try {
                jars.add(jar(Class.forName(name, false, loader).getProtectionDomain().getCodeSource().getLocation()));
            } catch (ClassNotFoundException e) {
                // not on this class path, so not needed by it either
            }
        }
        URL natives = loader.getResource(NATIVE_MARKER);
        if (natives != null && natives.getProtocol().equals("jar")) {
            String path = natives.getPath(); // file:/…/pytorch-native-cpu-….jar!/native/lib/…
            jars.add(path.substring(0, path.indexOf("!/")));
        }
        return new ArrayList<>(jars);
    }

    private static String jar(URL location) {
        try {
            return Path.of(location.toURI()).toUri().toString();
        } catch (URISyntaxException e) {
            return location.toString();
        }
    }
}
