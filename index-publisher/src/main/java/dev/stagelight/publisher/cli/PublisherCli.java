package dev.stagelight.publisher.cli;

import dev.stagelight.publisher.append.Appender;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code stagelight-publisher}: creates an index, makes keys, appends manifests. Exit codes: 0 done, 1 the append was
 * refused because the index does not check out (bad checkpoint signature, inconsistent tree, changed underneath us),
 * 2 bad usage or input (unreadable, malformed, an entry too large for an entry bundle). Errors are one line on
 * stderr, never a stack trace.
 */
@Command(name = "stagelight-publisher", mixinStandardHelpOptions = true, version = "stagelight-publisher 0.1.0",
        description = "Writes a Stagelight export transparency index (C2SP tlog-tiles, signed checkpoints).",
        subcommands = {InitCommand.class, KeygenCommand.class, AppendCommand.class, RenderCommand.class, ServeCommand.class,
                PushCommand.class, WitnessCommand.class})
public final class PublisherCli {
    private final Appender.WriteHook writeHook;
    private final PrintStream out;
    private final PrintStream err;

    private PublisherCli(Appender.WriteHook writeHook, PrintStream out, PrintStream err) {
        this.writeHook = writeHook;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for embedding and tests). */
    public static int run(String... args) {
        return run(Appender.WriteHook.NONE, args);
    }

    /**
     * As {@link #run(String...)}, telling {@code writeHook} before each public file an append writes. For tests: the
     * crash test's launcher kills the process there. The command line itself has no way to set one.
     */
    public static int run(Appender.WriteHook writeHook, String... args) {
        return run(writeHook, System.out, System.err, args);
    }

    /**
     * As {@link #run(String...)}, printing to {@code out} and {@code err} instead of the process's streams: for
     * embedding where several runs share one process (a CI agent), each with its own log.
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(Appender.WriteHook.NONE, out, err, args);
    }

    private static int run(Appender.WriteHook writeHook, PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new PublisherCli(writeHook, out, err));
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("stagelight-publisher: " + Failure.message(e));
            return Failure.exitCode(e);
        });
        return cli.execute(args);
    }

    Appender.WriteHook writeHook() {
        return writeHook;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }
}
