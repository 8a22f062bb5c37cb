package dev.stagelight.rollout.gate.set;

import dev.stagelight.rollout.gate.source.QueryTemplate;

/**
 * The minimum-traffic guard of a gate set: a request-count query (per group when it uses {@code {{group}}}) that
 * must reach {@code min} on every side before any metric may decide; below it the set is INCONCLUSIVE, never a pass
 * and never a failure judged on a handful of requests.
 */
public record TrafficGuard(QueryTemplate query, double min) {
    public TrafficGuard {
        if (!(min >= 0)) {
            throw new IllegalArgumentException("min_traffic.min must be >= 0");
        }
    }
}
