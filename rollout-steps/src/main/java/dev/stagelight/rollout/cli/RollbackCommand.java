package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.RolloutStatus;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rollback}: a person's decision to revert every tenant of the rollout to the version it ran before (or cancel it). */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Roll every tenant of the rollout back to its version before the rollout.",
            "A pending rollout (no stage started yet) is cancelled: nothing changes but its tenants are free again.",
            "On a failed rollout, retries the tenants an earlier rollback could not restore. Exit 1 if tenants remain."})
public final class RollbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "Rollout id.")
    String rolloutId;

    @Option(names = "--by", required = true, description = "Who decides.")
    String who;

    @Option(names = "--reason", required = true, description = "Why (recorded in the rollback event).")
    String reason;

    @Option(names = "--unreachable", split = ",", description = "Tenants that cannot be reached now (left for later).")
    List<String> unreachable = List.of();

    @Mixin
    StoreOptions store;

    @Mixin
    EvidenceOptions evidence;

    private final Clock clock;

    public RollbackCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        return EngineCommands.run(spec, store, evidence, s -> {
            RolloutState state = EngineCommands.engine(spec, s, evidence).rollback(rolloutId, who, reason, store.now(clock),
                    Set.copyOf(unreachable));
            EngineCommands.report(spec, state);
            return state.status() == RolloutStatus.FAILED ? CommandSupport.FAILED : CommandSupport.OK;
        });
    }
}
