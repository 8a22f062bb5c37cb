package dev.stagelight.rollout.cli;

import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code stagelight rollout}: the rollout engine's command line. Planning and analysis ({@code plan}, {@code impact},
 * {@code effective-policy}, {@code generate-scans}) read files only; the stateful commands ({@code start},
 * {@code approve}, {@code advance}, {@code status}, {@code rollback}, {@code metrics}) work on a store
 * ({@code --store DIR}, plain directory by default, {@code --git} for a git repository). Exit codes: 0 ok, 1 the
 * rollout was refused, rolled back or failed, 2 bad usage or unreadable input.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true, version = "stagelight rollout 0.1.0",
        description = "Staged policy rollout: plan cohorts, analyse impact, run and roll back rollouts.")
public final class RolloutCli {
    private RolloutCli() {}

    /** The command line with every subcommand, acting at {@code clock} unless {@code --now} says otherwise. */
    public static CommandLine commandLine(Clock clock) {
        CommandLine cl = new CommandLine(new RolloutCli());
        cl.addSubcommand(new PlanCommand());
        cl.addSubcommand(new ImpactCommand(clock));
        cl.addSubcommand(new CompareCommand());
        cl.addSubcommand(new EffectivePolicyCommand());
        cl.addSubcommand(new GenerateScansCommand());
        cl.addSubcommand(new StartCommand(clock));
        cl.addSubcommand(new ApproveCommand(clock));
        cl.addSubcommand(new AdvanceCommand(clock));
        cl.addSubcommand(new StatusCommand());
        cl.addSubcommand(new RollbackCommand(clock));
        cl.addSubcommand(new MetricsCommand());
        cl.addSubcommand(new BacktestCommand());
        cl.addSubcommand(new JudgeCommand());
        cl.addSubcommand(new RemediateCommand(clock));
        cl.addSubcommand(new GateCommand());
        cl.setParameterExceptionHandler(RolloutCli::usageError);
        return cl;
    }

    /**
     * A usage error (an unknown command, a missing option) is one line and a hint, exit 2, as in the verifier and
     * the publisher; not the whole help text.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        java.io.PrintWriter err = cl.getErr();
        err.println("error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return CommandSupport.BAD_INPUT;
    }

    public static void main(String[] args) {
        System.exit(commandLine(Clock.systemUTC()).execute(args));
    }
}
