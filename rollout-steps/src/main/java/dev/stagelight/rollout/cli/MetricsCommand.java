package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.events.RolloutMetrics;
import dev.stagelight.rollout.state.RolloutState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metrics}: the flow's Prometheus metrics for every rollout in the store, printed or written for node_exporter. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"Print (or write for node_exporter) the rollout metrics in Prometheus text format.",
            "policy_rollout_status, policy_rollout_tenant_count, policy_rollout_failures_total, policy_version_active,",
            "and stagelight_rollout_state{rollout_id,status} (1 for the current status, to alert on paused or failed);",
            "--textfile writes a *.prom file atomically for node_exporter's textfile collector."})
public final class MetricsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--textfile", description = "Write to this .prom file (atomically) instead of printing.")
    Path textfile;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        return EngineCommands.run(spec, store, s -> {
            List<RolloutState> rollouts = new ArrayList<>();
            for (String id : s.rolloutIds()) {
                rollouts.add(s.load(id).orElseThrow());
            }
            String text = RolloutMetrics.render(rollouts, s.assignments().asMap());
            if (textfile == null) {
                spec.commandLine().getOut().print(text);
            } else {
                if (!textfile.getFileName().toString().endsWith(".prom")) {
                    throw new IllegalArgumentException("--textfile " + textfile + ": node_exporter reads only *.prom files");
                }
                RolloutMetrics.writeTextfile(textfile, text);
                spec.commandLine().getOut().println("wrote " + textfile);
            }
            spec.commandLine().getOut().flush();
            return CommandSupport.OK;
        });
    }
}
