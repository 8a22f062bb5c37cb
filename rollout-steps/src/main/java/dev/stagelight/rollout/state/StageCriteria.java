package dev.stagelight.rollout.state;

/**
 * A stage's success criteria as the flow names them; a null bound is not checked.
 *
 * @param maxNewFailures          most new failures the stage may cause
 * @param maxFailureRateIncrease  largest allowed {@code failure_rate_after - failure_rate_before} (0.05 = 5 points)
 */
public record StageCriteria(Long maxNewFailures, Double maxFailureRateIncrease) {
    public static final StageCriteria NONE = new StageCriteria(null, null);

    public static StageCriteria of(dev.stagelight.rollout.plan.SuccessCriteria c) {
        return new StageCriteria(c.maxNewFailures().isPresent() ? c.maxNewFailures().getAsLong() : null,
                c.maxFailureRateIncrease().isPresent() ? c.maxFailureRateIncrease().getAsDouble() : null);
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
        return null;
    }
}
