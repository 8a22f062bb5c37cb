package dev.stagelight.rollout.state;

/**
 * A stage's success criteria as the flow names them; a null bound is not checked.
 *
 * @param maxNewFailures          most new failures the stage may cause
 * @param maxFailureRateIncrease  largest allowed {@code failure_rate_after - failure_rate_before} (0.05 = 5 points)
 * @param bounds                  a strategy's bounds on named metrics (error_rate, verdict_match_rate); empty for staged
 */
public record StageCriteria(Long maxNewFailures, Double maxFailureRateIncrease, java.util.List<MetricBound> bounds) {
    public static final StageCriteria NONE = new StageCriteria(null, null, null);

    public StageCriteria {
        bounds = bounds == null ? java.util.List.of() : java.util.List.copyOf(bounds);
    }

    public static StageCriteria of(dev.stagelight.rollout.plan.SuccessCriteria c) {
        return new StageCriteria(c.maxNewFailures().isPresent() ? c.maxNewFailures().getAsLong() : null,
                c.maxFailureRateIncrease().isPresent() ? c.maxFailureRateIncrease().getAsDouble() : null, null);
    }

    /** These criteria with further bounds on named metrics. */
    public StageCriteria with(java.util.List<MetricBound> more) {
        java.util.List<MetricBound> all = new java.util.ArrayList<>(bounds);
        all.addAll(more);
        return new StageCriteria(maxNewFailures, maxFailureRateIncrease, all);
    }

    /** True when a bounded metric is missing from {@code o}: the stage cannot be judged on these observations. */
    public boolean lacksBoundedMetric(StageObservations o) {
        return bounds.stream().anyMatch(b -> o.metric(b.metric()).isEmpty());
    }

    /** Null when the observations meet every bound, else why not (for the pause reason and the event). */
    public String violation(StageObservations o) {
        if (maxNewFailures != null && o.newFailures() > maxNewFailures) {
            return "new_failures " + o.newFailures() + " exceeded max_new_failures " + maxNewFailures;
        }
        double increase = o.failureRateIncrease();
        if (maxFailureRateIncrease != null && increase > maxFailureRateIncrease) {
            return "failure_rate_increase " + Numbers.plain(increase) + " exceeded max_failure_rate_increase "
                    + Numbers.plain(maxFailureRateIncrease);
        }
        for (MetricBound b : bounds) {
            java.util.OptionalDouble v = o.metric(b.metric());
            String why = v.isPresent() ? b.violation(v.getAsDouble()) : b.metric() + " not observed";
            if (why != null) {
                return why;
            }
        }
        return null;
    }
}
