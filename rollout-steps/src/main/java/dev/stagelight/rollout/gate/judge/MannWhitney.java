package dev.stagelight.rollout.gate.judge;

import java.util.Arrays;

/**
 * The two-sample Wilcoxon rank-sum (Mann-Whitney U) test of experiment x against control y, two-sided, mu = 0, with
 * the confidence interval and estimate of the location shift: a port of R's
 * {@code wilcox.test(x, y, conf.int = TRUE, conf.level = c)} with its defaults ({@code exact = NULL},
 * {@code correct = TRUE}).
 *
 * <ul>
 *   <li>Exact when both samples have fewer than 50 values and no value repeats: p from the exact null distribution
 *       of W, the interval from the sorted pairwise differences at {@code qwilcox(alpha / 2)}, the estimate their
 *       median (Hodges-Lehmann).</li>
 *   <li>Otherwise the normal approximation with the tie correction of the variance and the continuity correction
 *       {@code sign(z) * 0.5}; the interval bounds are the roots of R's {@code wdiff} (continuity-corrected) found by
 *       Brent's method as {@code uniroot} at tolerance 1e-4, or the ends {@code min(x) - max(y)},
 *       {@code max(x) - min(y)} when no root lies inside; the estimate is the root of {@code wdiff} at z = 0
 *       <em>without</em> continuity correction, as R sets {@code correct <- FALSE} before computing it.</li>
 * </ul>
 *
 * Cost: the samples are sorted once (O(n log n)); every evaluation of {@code wdiff} is then one O(n) merge.
 */
public final class MannWhitney {
    private static final double TOLERANCE = 1e-4;
    private static final int MAX_ITER = 1000;
    private static final int EXACT_BELOW = 50;

    private MannWhitney() {}

    /** The test's outcome: W, two-sided p-value, interval [lower, upper], estimate, and which method ran. */
    public record Result(double statistic, double pValue, double lower, double upper, double estimate, boolean exact) {
        /** How R names the method that ran. */
        public String method() {
            return exact ? "Wilcoxon rank sum exact test"
                    : "Wilcoxon rank sum test with continuity correction";
        }
    }

    public static Result test(double[] x, double[] y, double confidence) {
        check(x, y, confidence);
        double[] xs = x.clone(), ys = y.clone();
        Arrays.sort(xs);
        Arrays.sort(ys);
        return testSorted(xs, ys, confidence);
    }

    /** {@link #test} on samples already sorted ascending (the judge sorts them once for several uses). */
    static Result testSorted(double[] xs, double[] ys, double confidence) {
        check(xs, ys, confidence);
        int nx = xs.length, ny = ys.length;
        ShiftedRanks ranks = new ShiftedRanks(xs, ys).at(0);
        double w = ranks.rankSumX - nx * (nx + 1.0) / 2;
        double alpha = 1 - confidence;
        if (nx < EXACT_BELOW && ny < EXACT_BELOW && ranks.tieTerm == 0) {
            return exact(xs, ys, w, alpha);
        }
        double z = w - nx * (double) ny / 2;
        double sigma = sigma(nx, ny, ranks.tieTerm);
        double zc = (z - Math.signum(z) * 0.5) / sigma;
        double p = 2 * Math.min(Normal.cdf(zc), Normal.cdf(-zc));
        Wdiff f = new Wdiff(ranks, nx, ny, xs[0] - ys[ny - 1], xs[nx - 1] - ys[0]);
        double lower = f.root(-Normal.quantile(alpha / 2));
        double upper = f.root(Normal.quantile(alpha / 2));
        double estimate = f.estimate();
        return new Result(w, p, lower, upper, estimate, false);
    }

    private static Result exact(double[] xs, double[] ys, double w, double alpha) {
        int nx = xs.length, ny = ys.length;
        WilcoxonDistribution dist = new WilcoxonDistribution(nx, ny);
        double p = w > nx * ny / 2.0 ? dist.upperTail(w - 1) : dist.cdf(w);
        double[] diffs = new double[nx * ny];
        int k = 0;
        for (double a : xs) {
            for (double b : ys) {
                diffs[k++] = a - b;
            }
        }
        Arrays.sort(diffs);
        int qu = dist.quantile(alpha / 2);
        if (qu == 0) {
            qu = 1;
        }
        int ql = nx * ny - qu;
        return new Result(w, Math.min(2 * p, 1), diffs[qu - 1], diffs[ql], median(diffs), true);
    }

    /**
     * R's {@code wdiff(d, zq)} for one pair of samples: the z of x shifted by d, continuity-corrected when asked, minus
     * zq. The ranks at the two ends of the search range are computed once: R evaluates them for each of the three
     * roots, always with the same result.
     */
    private static final class Wdiff {
        private final ShiftedRanks ranks;
        private final int nx;
        private final int ny;
        private final double[] atMin;
        private final double[] atMax;
        final double muMin;
        final double muMax;

        Wdiff(ShiftedRanks ranks, int nx, int ny, double muMin, double muMax) {
            this.ranks = ranks;
            this.nx = nx;
            this.ny = ny;
            this.muMin = muMin;
            this.muMax = muMax;
            ranks.at(muMin);
            atMin = new double[] {ranks.rankSumX, ranks.tieTerm};
            ranks.at(muMax);
            atMax = new double[] {ranks.rankSumX, ranks.tieTerm};
        }

        double at(double d, double zq, boolean correct) {
            double[] end = d == muMin ? atMin : d == muMax ? atMax : null;
            double rankSum, tieTerm;
            if (end != null) {
                rankSum = end[0];
                tieTerm = end[1];
            } else {
                ranks.at(d);
                rankSum = ranks.rankSumX;
                tieTerm = ranks.tieTerm;
            }
            double dz = rankSum - nx * (nx + 1.0) / 2 - nx * (double) ny / 2;
            double correction = correct ? Math.signum(dz) * 0.5 : 0;
            double sigma = sigma(nx, ny, tieTerm);
            if (sigma == 0) {
                throw new ArithmeticException("cannot compute a confidence interval when all observations are tied");
            }
            return (dz - correction) / sigma - zq;
        }

        /** R's {@code root(zq)}: the ends when wdiff does not change sign inside, else uniroot at tolerance 1e-4. */
        double root(double zq) {
            double fLower = at(muMin, zq, true);
            double fUpper = at(muMax, zq, true);
            if (fLower <= 0) {
                return muMin;
            }
            if (fUpper >= 0) {
                return muMax;
            }
            return Brent.root(d -> at(d, zq, true), muMin, muMax, fLower, fUpper, TOLERANCE, MAX_ITER);
        }

        /** R's estimate: {@code uniroot(wdiff, c(mumin, mumax), tol = 1e-4, zq = 0)} with the correction off. */
        double estimate() {
            double fLower = at(muMin, 0, false);
            double fUpper = at(muMax, 0, false);
            if (fLower * fUpper > 0) {
                throw new ArithmeticException("f() values at end points not of opposite sign");
            }
            return Brent.root(d -> at(d, 0, false), muMin, muMax, fLower, fUpper, TOLERANCE, MAX_ITER);
        }
    }

    /** The standard deviation of W under the null, with R's tie correction. */
    private static double sigma(int nx, int ny, double tieTerm) {
        double n = nx + (double) ny;
        return Math.sqrt((nx * (double) ny / 12) * ((n + 1) - tieTerm / (n * (n - 1))));
    }

    private static void check(double[] x, double[] y, double confidence) {
        if (x.length == 0 || y.length == 0) {
            throw new IllegalArgumentException("both samples need at least one value (experiment " + x.length
                    + ", control " + y.length + ")");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), found " + confidence);
        }
        for (double[] s : new double[][] {x, y}) {
            for (double v : s) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("samples must be finite (remove or replace NaN first), found " + v);
                }
            }
        }
    }

    static int lowerBound(double[] s, double x) {
        int lo = 0, hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static int upperBound(double[] s, double x) {
        int lo = 0, hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
