package dev.stagelight.rollout.gate.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A metric's measurements so far, and its status by Argo Rollouts' rules, in this order: more failed measurements than
 * {@code failure_limit} is FAILED; more inconclusive than {@code inconclusive_limit} is INCONCLUSIVE; more consecutive
 * errors than {@code consecutive_error_limit} is ERROR; {@code count} measurements taken is SUCCESSFUL; otherwise
 * RUNNING. One rule is ours: reaching the count without a single successful measurement is INCONCLUSIVE, since no
 * data is never a pass.
 */
public record MetricRun(AnalysisMetric metric, Instant start, List<Measurement> measurements) {
    /** The status and the rule that gave it. */
    public record Assessment(Status status, String reason) {}

    public MetricRun {
        measurements = List.copyOf(measurements);
    }

    public MetricRun with(Measurement m) {
        List<Measurement> next = new ArrayList<>(measurements);
        next.add(m);
        return new MetricRun(metric, start, next);
    }

    /** When the next measurement is due, empty when the metric is complete. */
    public Optional<Instant> nextDue() {
        return assess().status().completed() ? Optional.empty()
                : Optional.of(metric.dueAt(start, measurements.size()));
    }

    public long count(Status s) {
        return measurements.stream().filter(m -> m.status() == s).count();
    }

    public int consecutiveErrors() {
        int n = 0;
        for (int i = measurements.size() - 1; i >= 0 && measurements.get(i).status() == Status.ERROR; i--) {
            n++;
        }
        return n;
    }

    public Status status() {
        return assess().status();
    }

    public Assessment assess() {
        AnalysisMetric m = metric;
        long failed = count(Status.FAILED), inconclusive = count(Status.INCONCLUSIVE);
        long successful = count(Status.SUCCESSFUL), errors = count(Status.ERROR);
        int consecutive = consecutiveErrors();
        if (failed > m.failureLimit()) {
            return new Assessment(Status.FAILED, failed + " failed > failure_limit " + m.failureLimit());
        }
        if (inconclusive > m.inconclusiveLimit()) {
            return new Assessment(Status.INCONCLUSIVE, inconclusive + " inconclusive > inconclusive_limit "
                    + m.inconclusiveLimit());
        }
        if (consecutive > m.consecutiveErrorLimit()) {
            return new Assessment(Status.ERROR, consecutive + " consecutive errors > consecutive_error_limit "
                    + m.consecutiveErrorLimit());
        }
        String tally = successful + " successful, " + failed + " failed, " + inconclusive + " inconclusive, "
                + errors + " errors";
        if (measurements.size() >= m.count()) {
            if (successful == 0) {
                return new Assessment(Status.INCONCLUSIVE, "count " + m.count() + " reached without a successful"
                        + " measurement (" + tally + ")");
            }
            return new Assessment(Status.SUCCESSFUL, "count " + m.count() + " reached (" + tally + ")");
        }
        return new Assessment(Status.RUNNING, measurements.size() + " of " + m.count() + " measurements (" + tally
                + ")");
    }
}
