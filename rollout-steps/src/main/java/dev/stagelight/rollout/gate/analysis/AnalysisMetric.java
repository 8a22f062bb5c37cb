package dev.stagelight.rollout.gate.analysis;

import dev.stagelight.rollout.expr.Expression;
import dev.stagelight.rollout.gate.source.QueryTemplate;
import java.time.Duration;
import java.util.Objects;

/**
 * One metric of an analysis template, as Argo Rollouts' AnalysisTemplate metric: a query measured {@code count}
 * times every {@code interval} (after {@code initialDelay}), each measurement judged by the conditions, the metric
 * judged by the limits. Our additions: a {@code minSamples} guard and an optional {@code traffic} query with a
 * minimum, both making too little data inconclusive, never a pass; and an optional {@code window} that turns the
 * query into a range query over the last {@code window} every {@code step}.
 *
 * @param successCondition null when only the failure condition is given
 * @param failureCondition null when only the success condition is given
 * @param traffic          null without a traffic guard
 * @param window           null for an instant query
 */
public record AnalysisMetric(String name, QueryTemplate query, Duration interval, int count, Duration initialDelay,
                             Expression successCondition, Expression failureCondition, int failureLimit,
                             int inconclusiveLimit, int consecutiveErrorLimit, int minSamples, Traffic traffic,
                             Duration window, Duration step) {
    /** A request-count query and the least it must return for a measurement to count. */
    public record Traffic(QueryTemplate query, double min) {}

    public AnalysisMetric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(query, "query");
        if (successCondition == null && failureCondition == null) {
            throw new IllegalArgumentException("metric " + name + " needs a success or a failure condition");
        }
        if (count < 1 || failureLimit < 0 || inconclusiveLimit < 0 || consecutiveErrorLimit < 0 || minSamples < 1) {
            throw new IllegalArgumentException("metric " + name + ": count and min_samples must be >= 1, limits >= 0");
        }
        if (interval.isZero() || interval.isNegative() || initialDelay.isNegative()) {
            throw new IllegalArgumentException("metric " + name + ": interval must be positive, initial delay >= 0");
        }
        if (window != null && (step == null || step.isZero() || step.isNegative() || step.compareTo(window) > 0)) {
            throw new IllegalArgumentException("metric " + name + ": a window needs a positive step no longer than it");
        }
    }

    /** True when the query is asked once per group ({@code {{group}}}), binding {@code baseline} and {@code canary}. */
    public boolean compares() {
        return query.uses(QueryTemplate.Var.GROUP);
    }

    /** When measurement {@code k} (0-based) is due, for a run started at {@code start}. */
    public java.time.Instant dueAt(java.time.Instant start, int k) {
        return start.plus(initialDelay).plus(interval.multipliedBy(k));
    }

    /** How long before its last measurement a run must start to have every measurement due at {@code at}. */
    public Duration span() {
        return initialDelay.plus(interval.multipliedBy(count - 1L));
    }
}
