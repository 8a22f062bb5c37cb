package dev.stagelight.rollout.state;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What was observed about the current stage since it started, given as data (a file, a test, later the metric gates).
 * {@code available == false} means "metrics unavailable": the engine then keeps the last known good observations
 * and extends monitoring instead of judging the stage. {@code metrics} carries further named values that rollback
 * triggers may refer to (gates fill it); the flow's own metrics have fields.
 *
 * @param unreachableTenants tenants that could not be reached to apply (or revert) the policy
 * @param gate               the stage's gate verdict when its gates were evaluated (null otherwise)
 */
public record StageObservations(boolean available, long scansEvaluated, long newFailures, double failureRateBefore,
                                double failureRateAfter, long newCriticalBlocks, Set<String> unreachableTenants,
                                Map<String, Double> metrics, GateResult gate) {

    public StageObservations {
        unreachableTenants = Set.copyOf(new TreeSet<>(unreachableTenants));
        metrics = Map.copyOf(new TreeMap<>(metrics));
    }

    /** Observations without a gate verdict. */
    public StageObservations(boolean available, long scansEvaluated, long newFailures, double failureRateBefore,
                             double failureRateAfter, long newCriticalBlocks, Set<String> unreachableTenants,
                             Map<String, Double> metrics) {
        this(available, scansEvaluated, newFailures, failureRateBefore, failureRateAfter, newCriticalBlocks,
                unreachableTenants, metrics, null);
    }

    /** The same observations carrying the stage's gate verdict. */
    public StageObservations withGate(GateResult g) {
        return new StageObservations(available, scansEvaluated, newFailures, failureRateBefore, failureRateAfter,
                newCriticalBlocks, unreachableTenants, metrics, g);
    }

    /** Healthy-looking observations without unreachable tenants or further metrics. */
    public static StageObservations of(long scans, long newFailures, double rateBefore, double rateAfter,
                                       long newCriticalBlocks) {
        return new StageObservations(true, scans, newFailures, rateBefore, rateAfter, newCriticalBlocks, Set.of(), Map.of());
    }

    /** "Metrics unavailable" (optionally with tenants that were unreachable all the same). */
    public static StageObservations unavailable(Set<String> unreachableTenants) {
        return new StageObservations(false, 0, 0, 0, 0, 0, unreachableTenants, Map.of());
    }

    public double failureRateIncrease() {
        return failureRateAfter - failureRateBefore;
    }

    /** A metric by the name a rollback trigger uses; empty when unavailable or unknown. */
    public OptionalDouble metric(String name) {
        if (!available) {
            return OptionalDouble.empty();
        }
        switch (name) {
            case "failure_rate_increase": return OptionalDouble.of(failureRateIncrease());
            case "failure_rate", "failure_rate_after": return OptionalDouble.of(failureRateAfter);
            case "failure_rate_before": return OptionalDouble.of(failureRateBefore);
            case "new_failures": return OptionalDouble.of(newFailures);
            case "new_critical_blocks": return OptionalDouble.of(newCriticalBlocks);
            case "scans_evaluated": return OptionalDouble.of(scansEvaluated);
            default:
                Double v = metrics.get(name);
                return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
        }
    }

    /** The same observations without the unreachable tenants (what is kept as "last known good"). */
    public StageObservations withoutUnreachable() {
        return new StageObservations(available, scansEvaluated, newFailures, failureRateBefore, failureRateAfter,
                newCriticalBlocks, Set.of(), metrics, gate);
    }
}
