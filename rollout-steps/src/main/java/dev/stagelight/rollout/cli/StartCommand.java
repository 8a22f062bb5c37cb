package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.cohort.StagePlanTable;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code start}: creates the rollout in the store (pending, waiting for approval), printing its stage table. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Create the rollout in the store (pending, waiting for approval).",
            "Plans the cohorts and prints the stage table. Refused (exit 1) if another rollout holds one of its tenants."})
public final class StartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PlanInputs inputs;

    @Mixin
    StoreOptions store;

    @Mixin
    EvidenceOptions evidence;

    @Option(names = "--by", defaultValue = "${sys:user.name}", description = "Who starts it (default: ${DEFAULT-VALUE}).")
    String actor;

    private final Clock clock;

    public StartCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        return EngineCommands.run(spec, store, evidence, s -> {
            PlanInputs.Planned p = inputs.load(spec);
            PrintWriter out = spec.commandLine().getOut();
            out.print(StagePlanTable.text(p.stages()) + PlanCommand.notes(p));
            out.flush();
            EngineCommands.report(spec, EngineCommands.engine(spec, s, evidence).create(p.strategy(), store.now(clock), actor));
            return CommandSupport.OK;
        });
    }
}
