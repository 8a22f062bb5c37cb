package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.InputWarning;
import dev.stagelight.rollout.input.Strictness;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * Where library exceptions become messages and exit codes: 0 ok, 1 the rollout would fail / is refused, 2 bad usage or
 * unreadable input. No stack traces for users.
 */
final class CommandSupport {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    private CommandSupport() {}

    static int run(CommandLine.Model.CommandSpec spec, Callable<Integer> body) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return body.call();
        } catch (InputException e) {
            err.println("error: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
        } catch (UncheckedIOException e) {
            err.println("error: " + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
        } catch (Exception e) {
            err.println("error: " + e);
        }
        err.flush();
        return BAD_INPUT;
    }

    static Strictness strictness(boolean lenient) {
        return lenient ? Strictness.LENIENT : Strictness.STRICT;
    }

    static void printWarnings(CommandLine.Model.CommandSpec spec, List<InputWarning> warnings) {
        PrintWriter err = spec.commandLine().getErr();
        for (InputWarning w : warnings) {
            err.println("warning: " + w);
        }
        err.flush();
    }
}
