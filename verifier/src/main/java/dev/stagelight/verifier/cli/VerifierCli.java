package dev.stagelight.verifier.cli;

import java.io.PrintStream;

/**
 * {@code java -jar stagelight-verifier.jar index|consistency|bundle|follow|sigstore ...}. Exit codes: 0 everything
 * checked holds, 1 verification failed, 2 bad usage or unreadable input. Stack traces only with {@code --debug}.
 *
 * <p>CI starts the jar once per bundle, so this entry point stays small: a plain {@code bundle} command line is
 * read by {@link BundleArgs} and run at once; everything else (and every usage error) goes through picocli
 * ({@link RootCommand}), which is only loaded then.
 */
public final class VerifierCli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private VerifierCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line with the given streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        StartupTrace.mark("main");
        BundleCommand bundle = BundleArgs.parse(args);
        if (bundle != null) {
            StartupTrace.mark("arguments read (bundle, without picocli)");
            bundle.streams(out, err);
            try {
                return bundle.call();
            } catch (RuntimeException e) {
                err.println("error: internal failure: " + e);
                return USAGE;
            }
        }
        return RootCommand.run(args, out, err);
    }
}
