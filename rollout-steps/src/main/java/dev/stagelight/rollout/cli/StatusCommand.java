package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.store.Assignments;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code status}: where a rollout stands (or all of them), its events, and the tenant assignments. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show a rollout's status (all rollouts without an id).",
            "Stages, tenants by version, denials, rollback; --json gives the flow's RolloutStatus.",
            "Exit 1 when the rollout was rolled back or failed."})
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", description = "Rollout id.")
    String rolloutId;

    @Option(names = "--json", description = "The flow's RolloutStatus JSON.")
    boolean json;

    @Option(names = "--events", description = "Also print the rollout's stored events (JSON lines).")
    boolean events;

    @Option(names = "--assignments", description = "Print assignments.yaml (tenant -> policy set -> version) instead.")
    boolean assignments;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        return EngineCommands.run(spec, store, s -> {
            PrintWriter out = spec.commandLine().getOut();
            Assignments a = s.assignments();
            if (assignments) {
                out.print(new String(a.toYaml(), StandardCharsets.UTF_8));
                out.flush();
                return CommandSupport.OK;
            }
            List<String> ids = rolloutId == null ? s.rolloutIds() : List.of(rolloutId);
            if (ids.isEmpty()) {
                out.println("no rollouts in " + s.describe());
            }
            int code = CommandSupport.OK;
            for (String id : ids) {
                RolloutState state = EngineCommands.engine(spec, s).require(id);
                out.print(json ? StatusView.json(state, a) : StatusView.text(state, a));
                if (events) {
                    s.events(id).forEach(out::println);
                }
                code = Math.max(code, EngineCommands.exitCode(state));
            }
            out.flush();
            return code;
        });
    }
}
