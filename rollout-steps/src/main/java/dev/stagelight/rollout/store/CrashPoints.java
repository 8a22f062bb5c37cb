package dev.stagelight.rollout.store;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for the resume proof: every place where a crash leaves a distinct on-disk situation calls
 * {@link #reach}. With the environment variable {@code STAGELIGHT_HALT_AT=N} the process halts (as {@code kill -9}
 * would: no shutdown hooks, no finally blocks) when it reaches the N-th point. Without it this only counts.
 */
public final class CrashPoints {
    private static final AtomicInteger REACHED = new AtomicInteger();
    private static final int HALT_AT = parse(System.getenv("STAGELIGHT_HALT_AT"));

    private CrashPoints() {}

    public static void reach(String label) {
        int n = REACHED.incrementAndGet();
        if (n == HALT_AT) {
            System.err.println("stagelight: halting at crash point " + n + " (" + label + ")");
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }

    /** How many crash points this process has passed (a test runs a clean rollout to learn how many there are). */
    public static int reached() {
        return REACHED.get();
    }

    private static int parse(String v) {
        try {
            return v == null || v.isBlank() ? -1 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
