package io.github.transferml.transfer.engine;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/** What this CPU offers, as the JVM read it from CPUID at start. */
final class Cpu {

    private Cpu() {}

    /** @return the JVM's {@code UseAVX}: 2 or more with AVX2, 0 where there is none (or no such flag) */
    static int avxLevel() {
        String value = option("UseAVX");
        return value == null ? 0 : Integer.parseInt(value);
    }

    /** @return whether the JVM found fused multiply-add */
    static boolean fma() {
        return Boolean.parseBoolean(option("UseFMA"));
    }

    /** A HotSpot flag; null where the JVM has none by that name (e.g. not on x86). */
    private static String option(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }
}
