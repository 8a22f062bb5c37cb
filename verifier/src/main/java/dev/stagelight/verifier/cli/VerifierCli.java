package dev.stagelight.verifier.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar stagelight-verifier.jar index|consistency|bundle ...}. Exit codes: 0 everything checked holds,
 * 1 verification failed, 2 bad usage or unreadable input. Stack traces only with {@code --debug}.
 */
@Command(name = "stagelight-verifier", mixinStandardHelpOptions = true, version = "stagelight-verifier 1 (index format v1)",
        description = "Verifies a Stagelight export transparency index (a folder or an http(s) URL).",
        subcommands = {IndexCommand.class, ConsistencyCommand.class, BundleCommand.class, FollowCommand.class,
                SigstoreCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:verified", "1:verification failed", "2:bad usage or unreadable input"})
public final class VerifierCli implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line with the given streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new VerifierCli());
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExitCodeExceptionMapper(e -> USAGE);
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for usage.");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println("error: internal failure: " + e);
            return USAGE;
        });
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommand() instanceof VerifyCommand command) {
                command.streams(out, err);
            }
        }
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: index, consistency or bundle");
    }
}
