package dev.stagelight.rollout.impact;

/**
 * One threshold the impact recommendation applied: the predicted value of {@code metric} over {@code scope}, the
 * bounds it was judged against and where the upper bound comes from in the plan. Below {@code cautionAt} (or at
 * zero) is PROCEED, from there up to {@code blockAbove} PROCEED_WITH_CAUTION, above it DO_NOT_PROCEED.
 *
 * @param scope  what the prediction covers ("all tenants" or "stage early-adopters: 12 tenants for 48h")
 * @param source the plan field the bound comes from ("stage canary max_new_failures", "rollback trigger ...")
 */
public record Check(String metric, String scope, double predicted, double cautionAt, double blockAbove, String source) {

    public Recommendation verdict() {
        if (predicted > blockAbove) {
            return Recommendation.DO_NOT_PROCEED;
        }
        return predicted > 0 && predicted >= cautionAt ? Recommendation.PROCEED_WITH_CAUTION : Recommendation.PROCEED;
    }

    /** How close to (or far over) its bound the prediction is; among checks of equal verdict the highest decides. */
    double pressure() {
        return blockAbove > 0 ? predicted / blockAbove : predicted > 0 ? Double.POSITIVE_INFINITY : 0;
    }

    /** Whether the metric is a rate (shown in percentage points) rather than a count. */
    public boolean isRate() {
        return metric.equals(Thresholds.RATE_CHANGE);
    }
}
