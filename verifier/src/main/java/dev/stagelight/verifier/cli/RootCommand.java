package dev.stagelight.verifier.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The picocli model of the whole command line: every command, help, version and usage errors. */
@Command(name = "stagelight-verifier", mixinStandardHelpOptions = true, version = "stagelight-verifier 1 (index format v1)",
        description = "Verifies a Stagelight export transparency index (a folder or an http(s) URL).",
        subcommands = {IndexCommand.class, ConsistencyCommand.class, BundleCommand.class, FollowCommand.class,
                SigstoreCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:verified", "1:verification failed", "2:bad usage or unreadable input"})
final class RootCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new RootCommand());
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExitCodeExceptionMapper(e -> VerifierCli.USAGE);
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for usage.");
            return VerifierCli.USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println("error: internal failure: " + e);
            return VerifierCli.USAGE;
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
