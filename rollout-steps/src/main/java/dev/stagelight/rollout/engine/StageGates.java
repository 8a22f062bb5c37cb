package dev.stagelight.rollout.engine;

import dev.stagelight.rollout.gate.set.CohortGates;
import dev.stagelight.rollout.gate.set.GateEvaluator;
import dev.stagelight.rollout.gate.set.GateOutcome;
import dev.stagelight.rollout.gate.set.GateSet;
import dev.stagelight.rollout.gate.set.GateStatus;
import dev.stagelight.rollout.gate.set.GateVerdict;
import dev.stagelight.rollout.plan.StageAnalysis;
import dev.stagelight.rollout.state.GateResult;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.state.StageState;
import dev.stagelight.rollout.state.StageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a monitoring stage's gates into the observations {@link RolloutEngine#advance} judges it by: the gate set
 * the stage names (its templates and cohorts from the plan, over the gate set file's library, guard, judged metrics
 * and probes), evaluated at the engine's time for the tenants running the new version. The verdict travels with the
 * observations and is stored with the stage; a verdict that could not read its metrics (ERROR) is "metrics
 * unavailable" to the machine, which keeps the last known good and extends monitoring as the error table says.
 */
public final class StageGates {
    /** The gate verdict for the stage and the observations that carry it. */
    public record Observed(GateOutcome outcome, StageObservations observations) {}

    private final GateSet gates;
    private final GateEvaluator evaluator;
    private final Function<String, Map<String, String>> labels;
    private final Duration interval;

    /**
     * @param labels   a tenant's labels (for cohorts); a tenant it does not know has none
     * @param interval the value of {@code {{interval}}} outside analysis metrics (which use their own)
     */
    public StageGates(GateSet gates, GateEvaluator evaluator, Function<String, Map<String, String>> labels,
                      Duration interval) {
        this.gates = gates;
        this.evaluator = evaluator;
        this.labels = labels;
        this.interval = interval;
    }

    /** True when the rollout's current stage is monitoring and names gates: {@link #observe} then evaluates them. */
    public static boolean due(RolloutState s) {
        StageState st = s.stage();
        return st != null && st.status() == StageStatus.MONITORING && st.spec().analysis() != null
                && !s.status().terminal();
    }

    /**
     * Evaluates the current stage's gates at {@code now}; empty when {@link #due} is false. {@code base} holds what
     * else is known (an observations file: the flow's counters, unreachable tenants); without one the counters are
     * zero and the gates alone judge the stage.
     */
    public Optional<Observed> observe(RolloutState s, Instant now, StageObservations base) {
        if (!due(s)) {
            return Optional.empty();
        }
        StageState st = s.stage();
        GateSet set = forStage(st.name(), st.spec().analysis());
        GateOutcome outcome = CohortGates.evaluate(evaluator, set, st.name(), s.activatedTenants(), labels, interval,
                now);
        GateResult result = new GateResult(outcome.status().label(), now, outcome.rule(), evidence(outcome));
        StageObservations obs = outcome.status() == GateStatus.ERROR
                ? StageObservations.unavailable(base.unreachableTenants()).withGate(result)
                : (base.available() ? base : new StageObservations(true, 0, 0, 0, 0, 0, base.unreachableTenants(),
                        Map.of())).withGate(result);
        return Optional.of(new Observed(outcome, obs));
    }

    /** The gate file's set with the stage's own templates (when it names any) and cohorts (when it names them). */
    GateSet forStage(String stage, StageAnalysis a) {
        GateSet set = a.templates().isEmpty() ? gates : gates.withAnalysis(a.templates(), "stage " + stage);
        return a.cohorts() == null ? set : set.withCohorts(a.cohorts());
    }

    private static List<String> evidence(GateOutcome o) {
        List<String> out = new ArrayList<>();
        for (GateOutcome.Cohort c : o.cohorts()) {
            String prefix = o.perCohort() ? o.label() + "=" + c.name() + (c.decisive() ? "" : " (reported)") + ": " : "";
            for (GateVerdict.Evidence e : c.verdict().evidence()) {
                out.add(prefix + e.line());
            }
        }
        return out;
    }
}
