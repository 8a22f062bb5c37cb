package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.engine.RolloutEngine;
import dev.stagelight.rollout.events.RolloutEvent;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.RolloutStateException;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.state.StageState;
import dev.stagelight.rollout.state.StageStatus;
import dev.stagelight.rollout.store.ConflictException;
import dev.stagelight.rollout.store.RolloutStore;
import dev.stagelight.rollout.store.StoreException;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** What the stateful commands share: error mapping, an engine that prints each event as it becomes durable. */
public final class EngineCommands {
    private EngineCommands() {}

    interface Body {
        int run(RolloutStore store) throws Exception;
    }

    /**
     * Opens the store and runs {@code body}. A refused request (lease held, state does not allow it, stale seq) is
     * exit 1; an unreadable store is exit 2, like bad input; everything else goes through {@link CommandSupport}.
     */
    static int run(CommandSpec spec, StoreOptions options, Body body) {
        return run(spec, options, null, body);
    }

    /**
     * As above, appending the evidence of every transition the body applied (through {@link #engine(CommandSpec,
     * RolloutStore, EvidenceOptions)}) to the evidence index once the body is done, also when it failed halfway.
     */
    static int run(CommandSpec spec, StoreOptions options, EvidenceOptions evidence, Body body) {
        return CommandSupport.run(spec, () -> {
            PrintWriter err = spec.commandLine().getErr();
            var target = evidence == null ? null : evidence.open();
            try (RolloutStore store = options.open()) {
                try {
                    return body.run(store);
                } finally {
                    if (target != null) {
                        evidence.publish(target, spec.commandLine().getOut());
                    }
                }
            } catch (ConflictException | RolloutStateException e) {
                err.println("error: " + e.getMessage());
                err.flush();
                return CommandSupport.FAILED;
            } catch (StoreException e) {
                err.println("error: " + e.getMessage());
                err.flush();
                return CommandSupport.BAD_INPUT;
            }
        });
    }

    /** As {@link #engine(CommandSpec, RolloutStore)}, recording each stored step as evidence when asked to. */
    static RolloutEngine engine(CommandSpec spec, RolloutStore store, EvidenceOptions evidence) {
        PrintWriter out = spec.commandLine().getOut();
        return new RolloutEngine(store, (RolloutEvent e) -> {
            out.println(e.toJsonLine());
            out.flush();
        }, evidence == null ? step -> {} : evidence.recorder);
    }

    /** An engine whose events are printed, one JSON object per line, the moment they are stored. */
    static RolloutEngine engine(CommandSpec spec, RolloutStore store) {
        PrintWriter out = spec.commandLine().getOut();
        return new RolloutEngine(store, (RolloutEvent e) -> {
            out.println(e.toJsonLine());
            out.flush();
        });
    }

    /** Prints the summary line and returns the state (for commands whose last act is a transition). */
    static RolloutState report(CommandSpec spec, RolloutState s) {
        spec.commandLine().getOut().println(summary(s));
        spec.commandLine().getOut().flush();
        return s;
    }

    /** One line for people after a command: where the rollout stands and what it waits for. */
    public static String summary(RolloutState s) {
        StringBuilder sb = new StringBuilder(s.rolloutId()).append(": ").append(s.status().wire());
        if (s.stage() != null) {
            sb.append(", stage ").append(s.stage().name()).append(' ').append(s.stage().status().wire());
            if (s.stage().monitorUntil() != null && s.status() == RolloutStatus.IN_PROGRESS && !s.awaitingApproval()) {
                sb.append(" until ").append(s.stage().monitorUntil());
            }
        }
        Double traffic = dev.stagelight.rollout.strategy.TrafficSteps.current(s);
        if (traffic != null) {
            sb.append(", traffic ").append(dev.stagelight.rollout.state.Numbers.plain(traffic)).append('%');
        }
        StageState next = s.stage() == null ? s.stages().get(0) : s.stage();
        if (!s.awaitingApproval() && next.status() == StageStatus.PENDING
                && (s.status() == RolloutStatus.PENDING || s.status() == RolloutStatus.IN_PROGRESS)) {
            sb.append("; approved, the next advance starts stage ").append(next.name());
        }
        if (s.awaitingApproval() && !s.status().terminal()) {
            sb.append("; waiting for approval (rollout approve ").append(s.rolloutId()).append(" --by ... --notes ...)");
        }
        if (s.pauseReason() != null) {
            sb.append("; paused: ").append(s.pauseReason()).append(" (approve to resume, or rollback)");
        }
        if (s.status() == RolloutStatus.COMPLETED && !s.skippedTenants().isEmpty()) {
            int n = s.skippedTenants().size();
            sb.append("; ").append(n).append(n == 1 ? " tenant" : " tenants").append(" skipped as unreachable and never"
                    + " retried, still on ").append(s.fromVersion()).append(": ").append(String.join(", ", s.skippedTenants()))
                    .append(" (roll them out in a follow-up rollout)");
        }
        if (s.rollbackReport() != null && !s.rollbackReport().unrestored().isEmpty()) {
            sb.append("; MANUAL INTERVENTION: still on ").append(s.toVersion()).append(": ")
                    .append(String.join(", ", s.rollbackReport().unrestored()));
        }
        return sb.toString();
    }

    /** Exit code of a rollout's outcome: 1 when it was rolled back or failed. */
    static int exitCode(RolloutState s) {
        return s.status() == RolloutStatus.ROLLED_BACK || s.status() == RolloutStatus.FAILED
                ? CommandSupport.FAILED : CommandSupport.OK;
    }
}
