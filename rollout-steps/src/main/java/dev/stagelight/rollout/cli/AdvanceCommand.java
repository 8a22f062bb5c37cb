package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.input.Loaded;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.StageObservations;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code advance}: applies every transition due at the given time, judging the monitoring stage by its observations. */
@Command(name = "advance", mixinStandardHelpOptions = true,
        description = {"Apply every transition due now (or at --now); never waits.",
            "Starts stages, judges the monitoring stage on the observations file (success criteria at the end of its",
            "window, rollback triggers at once), rolls back or pauses. Exit 1 when the rollout ends rolled back or failed."})
public final class AdvanceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "Rollout id.")
    String rolloutId;

    @Option(names = "--observations", description = "The monitoring stage's observations (JSON/YAML); without it,"
            + " metrics count as unavailable.")
    Path observations;

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
            RolloutState state = EngineCommands.engine(spec, s, evidence).advance(rolloutId, store.now(clock), obs);
            return EngineCommands.exitCode(EngineCommands.report(spec, state));
        });
    }
}
