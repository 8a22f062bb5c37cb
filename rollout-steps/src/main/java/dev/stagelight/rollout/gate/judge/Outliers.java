package dev.stagelight.rollout.gate.judge;

import java.util.Arrays;

/**
 * Kayenta's IQR outlier detector: a value is an outlier below {@code Q1 - factor * IQR} or above
 * {@code Q3 + factor * IQR}; with reduced sensitivity (what NetflixACAJudge uses, factor 3) the fences are widened to
 * the 1st and 99th percentiles when those lie further out, so samples under about 100 values lose nothing.
 * Percentiles as Kayenta's (Commons Math's default estimator, position p(n + 1), R's type 6).
 */
final class Outliers {
    private Outliers() {}

    /** The values of {@code sorted} (ascending) inside the fences, still sorted. */
    static double[] removeSorted(double[] sorted, double factor, boolean reduceSensitivity) {
        if (sorted.length == 0) {
            return sorted;
        }
        double q1 = percentile(sorted, 25), q3 = percentile(sorted, 75), iqr = q3 - q1;
        double lo = q1 - factor * iqr, hi = q3 + factor * iqr;
        if (reduceSensitivity) {
            lo = Math.min(lo, percentile(sorted, 1));
            hi = Math.max(hi, percentile(sorted, 99));
        }
        int from = 0, to = sorted.length;
        while (from < to && sorted[from] < lo) {
            from++;
        }
        while (to > from && sorted[to - 1] > hi) {
            to--;
        }
        return from == 0 && to == sorted.length ? sorted : Arrays.copyOfRange(sorted, from, to);
    }

    /** The p-th percentile (0 < p <= 100) of sorted values, position p(n + 1) / 100 interpolated. */
    static double percentile(double[] sorted, double p) {
        int n = sorted.length;
        if (n == 1) {
            return sorted[0];
        }
        double pos = p * (n + 1) / 100;
        if (pos < 1) {
            return sorted[0];
        }
        if (pos >= n) {
            return sorted[n - 1];
        }
        int i = (int) Math.floor(pos);
        return sorted[i - 1] + (pos - i) * (sorted[i] - sorted[i - 1]);
    }
}
