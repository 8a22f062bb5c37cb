package dev.stagelight.rollout.impact;

import dev.stagelight.rollout.plan.RollbackTrigger;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.plan.Stage;
import dev.stagelight.rollout.plan.TriggerMetric;

/**
 * When the predicted failure-rate change (absolute, after minus before) earns which recommendation: below
 * {@code cautionAt} PROCEED; from there up to {@code blockAbove} PROCEED_WITH_CAUTION; above it DO_NOT_PROCEED.
 * {@code blockSource} says where {@code blockAbove} came from.
 */
public record Thresholds(double cautionAt, double blockAbove, String blockSource) {
    /** Half a percentage point: a change users notice. */
    public static final double DEFAULT_CAUTION = 0.005;
    /** Used when the plan states no rate bound. */
    public static final double DEFAULT_BLOCK = 0.05;

    /**
     * The plan's tightest rate bound: the smallest {@code max_failure_rate_increase} of its stages or
     * {@code failure_rate_increase} rollback trigger. A change above it would fail that stage or roll the rollout back.
     */
    public static Thresholds fromPlan(RolloutPlan plan) {
        double block = Double.POSITIVE_INFINITY;
        String source = "default " + DEFAULT_BLOCK;
        for (Stage s : plan.stages()) {
            if (s.successCriteria().isPresent() && s.successCriteria().get().maxFailureRateIncrease().isPresent()) {
                double v = s.successCriteria().get().maxFailureRateIncrease().getAsDouble();
                if (v < block) {
                    block = v;
                    source = "stage " + s.name() + " max_failure_rate_increase";
                }
            }
        }
        for (RollbackTrigger t : plan.rollback().triggers()) {
            if (t.metric() == TriggerMetric.FAILURE_RATE_INCREASE && t.threshold() < block) {
                block = t.threshold();
                source = "rollback trigger failure_rate_increase";
            }
        }
        if (block == Double.POSITIVE_INFINITY) {
            block = DEFAULT_BLOCK;
        }
        return new Thresholds(Math.min(DEFAULT_CAUTION, block), block, source);
    }

    public Recommendation judge(double rateChange) {
        if (rateChange > blockAbove) {
            return Recommendation.DO_NOT_PROCEED;
        }
        return rateChange >= cautionAt ? Recommendation.PROCEED_WITH_CAUTION : Recommendation.PROCEED;
    }
}
