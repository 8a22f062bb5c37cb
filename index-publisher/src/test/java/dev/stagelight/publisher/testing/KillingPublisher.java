package dev.stagelight.publisher.testing;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.cli.PublisherCli;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The publisher command line, killed by a real SIGKILL at a chosen point: just before its N-th public file write
 * (the journal counts as a write) it runs {@code kill -9 <its own pid>} and blocks until the signal lands. No
 * shutdown hook, finally block or buffered write runs after that point, as when an operator or the OOM killer
 * strikes. Test code only: the production command line has no such switch.
 * <pre>
 *   KillingPublisher N publisher-arguments...
 * </pre>
 * Prints {@link #KILLING} on stderr before it signals itself; exits {@link #KILL_FAILED} if it is still alive a minute
 * later, so a test can tell a real SIGKILL (exit status 137) from a failure to deliver one.
 */
public final class KillingPublisher {
    public static final String KILLING = "KillingPublisher: SIGKILL to self";
    public static final int KILL_FAILED = 70;

    private KillingPublisher() {}

    public static void main(String[] args) {
        int killAt = Integer.parseInt(args[0]);
        AtomicInteger writes = new AtomicInteger();
        Appender.WriteHook hook = path -> {
            if (writes.incrementAndGet() == killAt) {
                killSelf(path);
            }
        };
        System.exit(PublisherCli.run(hook, Arrays.copyOfRange(args, 1, args.length)));
    }

    private static void killSelf(String path) {
        long pid = ProcessHandle.current().pid();
        System.err.println(KILLING + " (pid " + pid + ") before writing " + path);
        System.err.flush();
        try {
            new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
            Thread.sleep(60_000); // the signal is on its way; nothing after this write point may run
        } catch (Exception e) {
            System.err.println("KillingPublisher: cannot run kill -9: " + e);
        }
        Runtime.getRuntime().halt(KILL_FAILED);
    }
}
