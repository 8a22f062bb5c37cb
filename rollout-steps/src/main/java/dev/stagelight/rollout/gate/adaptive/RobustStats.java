package dev.stagelight.rollout.gate.adaptive;

import java.util.Arrays;

/**
 * The arithmetic of sprint 27, section 3.4: EWMA, median, MAD and the robust z-score. Plain functions on arrays, so
 * tests can check them against answers worked out by hand.
 */
public final class RobustStats {
    /** 1 / Φ⁻¹(3/4): makes 1.4826·MAD estimate the standard deviation of normal data. */
    public static final double MAD_TO_SIGMA = 1.4826;
    /** √(π/2): makes the mean absolute deviation estimate the standard deviation of normal data. */
    public static final double MEAN_AD_TO_SIGMA = 1.2533;

    private RobustStats() {}

    /** The EWMA series as the sprint's {@code ewma()} computes it: m₀ = x₀, mᵢ = α·xᵢ + (1−α)·mᵢ₋₁. */
    public static double[] ewma(double[] series, double alpha) {
        double[] out = new double[series.length];
        if (series.length == 0) {
            return out;
        }
        double m = series[0];
        out[0] = m;
        for (int i = 1; i < series.length; i++) {
            m = alpha * series[i] + (1 - alpha) * m;
            out[i] = m;
        }
        return out;
    }

    /** The last value of {@link #ewma} over the first {@code n} values, without the array. */
    public static double ewmaLast(double[] series, int n, double alpha) {
        double m = series[0];
        for (int i = 1; i < n; i++) {
            m = alpha * series[i] + (1 - alpha) * m;
        }
        return m;
    }

    /**
     * The median of the first {@code n} values (the mean of the middle two for even n); reorders them in place.
     * Quickselect, not a sort: the detector takes two medians per point, and this is its hot loop.
     */
    public static double medianInPlace(double[] values, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        int k = n / 2;
        double upper = select(values, n, k);
        if ((n & 1) == 1) {
            return upper;
        }
        // After select, values[0..k) hold the k smallest: the lower middle is their maximum.
        double lower = values[0];
        for (int i = 1; i < k; i++) {
            lower = Math.max(lower, values[i]);
        }
        return (lower + upper) / 2;
    }

    /** The k-th smallest (0-based) of the first n values; afterwards a[0..k) <= a[k] <= a[k+1..n). No NaNs. */
    static double select(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (hi > lo) {
            if (hi - lo < 16) {
                Arrays.sort(a, lo, hi + 1);
                return a[k];
            }
            // median of three as pivot, Hoare partition
            int mid = (lo + hi) >>> 1;
            double p = median3(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < p) {
                    i++;
                }
                while (a[j] > p) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static double median3(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /** The median of {@code values} (not changed). */
    public static double median(double[] values) {
        return medianInPlace(values.clone(), values.length);
    }

    /** The median absolute deviation from the median, unscaled; 0 when more than half the values are equal. */
    public static double mad(double[] values) {
        double med = median(values);
        double[] dev = new double[values.length];
        for (int i = 0; i < dev.length; i++) {
            dev[i] = Math.abs(values[i] - med);
        }
        return medianInPlace(dev, dev.length);
    }

    /** (x − expected) / (1.4826 · MAD), the sprint's {@code robustZ}; {@code scale} here is the already scaled value. */
    public static double robustZ(double x, double expected, double scale) {
        return (x - expected) / scale;
    }
}
