package dev.stagelight.rollout.state;

/**
 * A bound a strategy puts on one observed metric at the end of a stage's window: {@code error_rate <= 0.01} for a
 * traffic step, {@code verdict_match_rate >= 0.95} for a blue-green comparison. Null sides are not checked. A stage
 * with bounds is judged only once every bounded metric is observed (else it counts as "metrics unavailable").
 */
public record MetricBound(String metric, Double min, Double max) {
    public static MetricBound atMost(String metric, double max) {
        return new MetricBound(metric, null, max);
    }

    public static MetricBound atLeast(String metric, double min) {
        return new MetricBound(metric, min, null);
    }

    /** Null when {@code value} is within the bound, else why not. */
    public String violation(double value) {
        if (max != null && value > max) {
            return metric + " " + Numbers.plain(value) + " exceeded " + Numbers.plain(max);
        }
        if (min != null && value < min) {
            return metric + " " + Numbers.plain(value) + " below " + Numbers.plain(min);
        }
        return null;
    }
}
