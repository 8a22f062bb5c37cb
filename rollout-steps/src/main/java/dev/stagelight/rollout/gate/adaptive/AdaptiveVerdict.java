package dev.stagelight.rollout.gate.adaptive;

import dev.stagelight.rollout.gate.analysis.Status;
import java.time.Instant;
import java.util.Locale;

/**
 * The verdict of an {@link AdaptiveRule} on one point, with everything that decided it: the value and its time, the
 * season bucket, how many past values formed the baseline, their median, the expected value (EWMA), the scale and
 * where it came from, the robust z-score and the threshold. Numbers are NaN where there is no verdict.
 */
public record AdaptiveVerdict(String rule, Instant time, double value, AdaptiveStatus status, String bucket,
        int baselineSamples, double median, double expected, double scale, ScaleSource scaleSource, double z,
        double threshold, String condition, String reason) {

    public Status gateStatus() {
        return status.gateStatus();
    }

    public boolean anomalous() {
        return status == AdaptiveStatus.ANOMALY;
    }

    /** One readable line: {@code export-spike at 2026-11-03T14:05:00Z: ANOMALY value 0.081, expected 0.042 ...}. */
    public String explain() {
        if (status == AdaptiveStatus.NO_DATA) {
            return String.format(Locale.ROOT, "%s at %s: NO_DATA (%s)", rule, time, reason);
        }
        return String.format(Locale.ROOT, "%s at %s: %s value %s, expected %s (EWMA of %d past values in bucket %s,"
                + " median %s), scale %s (%s), z = %s, rule %s", rule, time, status, g(value), g(expected),
                baselineSamples, bucket, g(median), g(scale), scaleSource.spelling(), g(z), condition);
    }

    static String g(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
