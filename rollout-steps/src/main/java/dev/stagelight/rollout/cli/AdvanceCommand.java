package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.engine.RolloutEngine;
import dev.stagelight.rollout.engine.StageGates;
import dev.stagelight.rollout.gate.probe.HttpProber;
import dev.stagelight.rollout.gate.set.GateEvaluator;
import dev.stagelight.rollout.gate.set.GateSet;
import dev.stagelight.rollout.gate.set.GateSetFile;
import dev.stagelight.rollout.input.Durations;
import dev.stagelight.rollout.input.Loaded;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.tenant.Tenant;
import dev.stagelight.rollout.tenant.Tenants;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code advance}: applies every transition due at the given time, judging the monitoring stage by its gates (when
 * the plan names them and {@code --gates} with a metric source is given) or by its observations.
 */
@Command(name = "advance", mixinStandardHelpOptions = true,
        description = {"Apply every transition due now (or at --now); never waits.",
            "Starts stages and judges the monitoring stage: by its gates (the plan's 'analysis', evaluated at --now",
            "from --gates FILE against --prometheus, --metrics-json or --samples) or by the observations file",
            "(success criteria at the end of its window, rollback triggers and failed gates at once); rolls back or",
            "pauses. Exit 1 when the rollout ends rolled back or failed."})
public final class AdvanceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "Rollout id.")
    String rolloutId;

    @Option(names = "--observations", description = "The monitoring stage's observations (JSON/YAML); without it (and"
            + " without gates), metrics count as unavailable.")
    Path observations;

    @Option(names = "--gates", description = "Gate set whose templates the plan's stages name (YAML/JSON).")
    Path gates;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    MetricSources.Choice source;

    @Option(names = "--tenants", description = "Tenant tree (tenants.yaml): the labels per-cohort gates group by.")
    Path tenantsFile;

    @Option(names = "--interval", defaultValue = "5m", description = "{{interval}} outside analysis metrics"
            + " (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--lenient", description = "Unknown fields are warnings instead of errors.")
    boolean lenient;

    @Mixin
    StoreOptions store;

    @Mixin
    EvidenceOptions evidence;

    private final Clock clock;

    public AdvanceCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        return EngineCommands.run(spec, store, evidence, s -> {
            StageObservations obs = StageObservations.unavailable(Set.of());
            if (observations != null) {
                Loaded<StageObservations> loaded = ObservationsFile.read(observations, CommandSupport.strictness(lenient));
                CommandSupport.printWarnings(spec, loaded.warnings());
                obs = loaded.value();
            }
            if ((gates == null) != (source == null)) {
                throw new IllegalArgumentException(gates == null ? "a metric source needs --gates FILE"
                        : "--gates needs a metric source: --prometheus URL, --metrics-json URL or --samples FILE");
            }
            RolloutEngine engine = EngineCommands.engine(spec, s, evidence);
            Instant now = store.now(clock);
            RolloutState current = engine.require(rolloutId);
            if (StageGates.due(current)) {
                if (gates == null) {
                    PrintWriter err = spec.commandLine().getErr();
                    err.println("warning: stage " + current.stage().name() + " names gates; without --gates and a"
                            + " metric source it is judged by " + (observations == null
                            ? "nothing (metrics unavailable)" : observations));
                    err.flush();
                } else {
                    Optional<StageGates.Observed> seen = stageGates(current).observe(current, now, obs);
                    if (seen.isPresent()) {
                        PrintWriter out = spec.commandLine().getOut();
                        out.println("gates of stage " + current.stage().name() + ": "
                                + seen.get().outcome().describe().replace("\n", "\n  "));
                        out.flush();
                        obs = seen.get().observations();
                        if (evidence.enabled()) {
                            // Published beside the transition it leads to (before it, as it was decided first).
                            evidence.recorder.gateVerdict(seen.get().outcome(), rolloutId, rolloutId,
                                    current.stage().name(), now);
                        }
                    }
                }
            }
            RolloutState state = engine.advance(rolloutId, now, obs);
            return EngineCommands.exitCode(EngineCommands.report(spec, state));
        });
    }

    private StageGates stageGates(RolloutState current) {
        Duration iv = Durations.parse(interval).filter(d -> !d.isZero())
                .orElseThrow(() -> new IllegalArgumentException("--interval " + interval
                        + ": expected a positive duration such as 5m"));
        GateSet set = GateSetFile.load(gates, CommandSupport.strictness(lenient));
        if (tenantsFile == null && (set.cohorts() != null || current.stage().spec().analysis().cohorts() != null)) {
            throw new IllegalArgumentException("stage " + current.stage().name() + " has per-cohort gates; give the"
                    + " tenant tree with --tenants FILE (its labels form the cohorts)");
        }
        Tenants tree = tenantsFile == null ? null : Tenants.load(tenantsFile, CommandSupport.strictness(lenient));
        return new StageGates(set, new GateEvaluator(source.open(), new HttpProber()),
                id -> tree == null ? Map.of() : tree.find(id).map(Tenant::labels).orElse(Map.of()), iv);
    }
}
