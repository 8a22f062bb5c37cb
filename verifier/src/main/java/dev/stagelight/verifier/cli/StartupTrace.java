package dev.stagelight.verifier.cli;

import java.lang.management.ManagementFactory;

/**
 * Start-up markers for measuring where a short run's time goes: with {@code -Dstagelight.trace=startup} (or
 * {@code STAGELIGHT_TRACE=startup} in the environment) each step prints its time since the JVM started to stderr.
 * Off, a marker costs one boolean test.
 */
final class StartupTrace {
    private static Boolean enabled;
    private static long baseNanos;

    private StartupTrace() {}

    static void mark(String step) {
        long now = System.nanoTime();
        if (enabled == null) {
            enabled = "startup".equals(System.getProperty("stagelight.trace", System.getenv("STAGELIGHT_TRACE")));
            if (enabled) {
                // JVM uptime at this first marker; the management classes' own loading is kept out of the figures.
                baseNanos = now - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000;
                baseNanos += System.nanoTime() - now;
                now = System.nanoTime();
            }
        }
        if (enabled) {
            System.err.printf("startup: %6.1f ms  %s%n", (now - baseNanos) / 1e6, step);
        }
    }
}
