package io.github.transferml.transfer.engine;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Prepares DJL before its engine starts: usage tracking off, offline when the build is offline, and
 * every random number seeded.
 */
public final class DjlEnvironment {

    /** The system property DJL reads for offline mode: no download of any kind. */
    public static final String OFFLINE = "ai.djl.offline";

    /** The variable or system property that switches DJL's usage tracking off. */
    public static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";

    private DjlEnvironment() {}

    /**
     * Configures DJL. Call before anything touches DJL's {@link Engine}.
     *
     * @param offline whether DJL may not download anything
     */
    public static void configure(boolean offline) {
        // DJL reports usage unless told not to; a build tool must not phone home.
        System.setProperty(OPT_OUT_TRACKING, "true");
        if (offline) {
            System.setProperty(OFFLINE, "true");
        }
    }

    /**
     * Seeds DJL's Java random numbers and the engine's generator.
     *
     * @param seed the seed from the POM
     */
    public static void seed(long seed) {
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }

    /**
     * The versions the class path declares, read without starting the engine (an up-to-date check
     * must not load native libraries).
     *
     * @return e.g. {@code DJL 0.36.0, PyTorch 2.7.1}
     */
    public static String declaredVersions() {
        Properties properties = new Properties();
        try (InputStream in = DjlEnvironment.class.getResourceAsStream("/pytorch-engine.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read DJL's pytorch-engine.properties", e);
        }
        String pytorch = properties.getProperty("pytorch_version");
        return pytorch == null ? versions() : "DJL " + Engine.getDjlVersion() + ", PyTorch " + pytorch;
    }

    /** @return e.g. {@code DJL 0.36.0, PyTorch 2.7.1}, as the loaded engine reports them */
    public static String versions() {
        Engine engine = Engine.getEngine("PyTorch");
        return "DJL " + Engine.getDjlVersion() + ", PyTorch " + engine.getVersion();
    }
}
