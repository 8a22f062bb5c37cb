package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.cohort.StagePlanTable;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plan}: the stage table (who gets the new version when), before anything changes. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Print the stage table before anything changes.",
            "Each stage's tenants (cumulative, deterministic), share by count and by scan volume, duration and criteria;",
            "tenants the target bundle's scope forbids are listed with deny codes."})
public final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PlanInputs inputs;

    @Option(names = "--json", description = "Print JSON instead of the table.")
    boolean json;

    /** How the strategy shaped the stages (traffic shares, comparison, flag overrides), for people. */
    static String notes(PlanInputs.Planned p) {
        StringBuilder sb = new StringBuilder();
        p.strategy().notes().forEach(n -> sb.append("  ").append(n).append('\n'));
        return sb.toString();
    }

    @Override
    public Integer call() {
        return CommandSupport.run(spec, () -> {
            PlanInputs.Planned p = inputs.load(spec);
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? StagePlanTable.json(p.stages()) : StagePlanTable.text(p.stages()) + notes(p));
            out.flush();
            return CommandSupport.OK;
        });
    }
}
