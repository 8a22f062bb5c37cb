package dev.stagelight.rollout.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code approve}: lets stage 1 (or the stage after one without auto_proceed) start, or resumes a paused rollout. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve the next stage, or resume a paused rollout.",
            "Required before stage 1 and after every stage with auto_proceed false; on a paused rollout, resumes",
            "monitoring with a fresh window. Exit 1 when nothing waits for approval."})
public final class ApproveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "Rollout id.")
    String rolloutId;

    @Option(names = "--by", required = true, description = "Who approves (recorded as approved_by).")
    String who;

    @Option(names = "--notes", defaultValue = "", description = "Approval notes.")
    String notes;

    @Mixin
    StoreOptions store;

    @Mixin
    EvidenceOptions evidence;

    private final Clock clock;

    public ApproveCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        return EngineCommands.run(spec, store, evidence, s -> {
            EngineCommands.report(spec, EngineCommands.engine(spec, s, evidence).approve(rolloutId, who, notes, store.now(clock)));
            return CommandSupport.OK;
        });
    }
}
