package dev.stagelight.rollout.store;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Fault injection for the resume proof: every place where a crash leaves a distinct on-disk situation calls
 * {@link #reach}. With the environment variable {@code STAGELIGHT_KILL_AT=N} the process sends itself a real
 * {@code SIGKILL} ({@code kill -9 <own pid>}) when it reaches the N-th point and blocks until the kernel ends it: no
 * shutdown hooks, no finally blocks, no buffered output flushed, exactly what an operator's {@code kill -9} does.
 * Without the variable this only counts.
 */
public final class CrashPoints {
    public static final String ENV = "STAGELIGHT_KILL_AT";
    private static final AtomicInteger REACHED = new AtomicInteger();
    private static final int KILL_AT = parse(System.getenv(ENV));

    private CrashPoints() {}

    public static void reach(String label) {
        int n = REACHED.incrementAndGet();
        if (n == KILL_AT) {
            System.err.println("stagelight: SIGKILL at crash point " + n + " (" + label + ")");
            System.err.flush();
            killSelf(n);
        }
    }

    /** How many crash points this process has passed (a test runs a clean rollout to learn how many there are). */
    public static int reached() {
        return REACHED.get();
    }

    /**
     * Sends SIGKILL to {@code pid} ({@code kill -9}, through sh: its builtin exists wherever a POSIX shell does, unlike
     * a kill binary). Returns kill's exit code: 0 when the signal was sent, non-zero when no such process exists.
     */
    public static int sigkill(long pid) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", "kill -9 " + pid + " 2>/dev/null").inheritIO().start().waitFor();
    }

    private static void killSelf(int point) {
        try {
            int rc = sigkill(ProcessHandle.current().pid());
            if (rc != 0) {
                throw new IllegalStateException("kill -9 exited " + rc);
            }
        } catch (IOException | InterruptedException | IllegalStateException e) {
            // Never carry on past a crash point pretending to be dead: the test must see this process fail loudly.
            throw new Error("cannot SIGKILL this process at crash point " + point + ": " + e.getMessage(), e);
        }
        while (true) { // the signal is on its way; nothing after the crash point may run meanwhile
            LockSupport.park();
        }
    }

    private static int parse(String v) {
        try {
            return v == null || v.isBlank() ? -1 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
