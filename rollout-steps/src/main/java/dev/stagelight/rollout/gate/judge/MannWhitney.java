package dev.stagelight.rollout.gate.judge;

import java.util.Arrays;

/**
 * The two-sample Wilcoxon rank-sum (Mann-Whitney U) test of experiment x against control y, two-sided, mu = 0,
 * with the confidence interval and Hodges-Lehmann estimate of the location shift: a port of R's
 * {@code wilcox.test(x, y, conf.int = TRUE, conf.level = c)}. Exact when both samples have fewer than 50 values and
 * there are no ties (interval from the sorted pairwise differences); otherwise the normal approximation with tie
 * and continuity correction, its interval bounds and estimate found by Brent's method at R's tolerance 1e-4.
 */
public final class MannWhitney {
    private static final double TOLERANCE = 1e-4;

    private MannWhitney() {}

    /** The test's outcome: W, two-sided p-value, interval [lower, upper], estimate, and which method ran. */
    public record Result(double statistic, double pValue, double lower, double upper, double estimate, boolean exact) {}

    public static Result test(double[] x, double[] y, double confidence) {
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
        int nx = x.length, ny = y.length;
        double[] ranks = ranks(concat(x, y, 0));
        double w = 0;
        for (int i = 0; i < nx; i++) {
            w += ranks[i];
        }
        w -= nx * (nx + 1) / 2.0;
        double alpha = 1 - confidence;
        boolean exact = nx < 50 && ny < 50 && !hasTies(ranks);
        if (exact) {
            WilcoxonDistribution dist = new WilcoxonDistribution(nx, ny);
            int stat = (int) Math.round(w);
            double p = stat > nx * ny / 2.0 ? 1 - dist.cdf(stat - 1) : dist.cdf(stat);
            double[] diffs = new double[nx * ny];
            int k = 0;
            for (double a : x) {
                for (double b : y) {
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
        double z = w - nx * ny / 2.0;
        double sigma = sigma(nx, ny, ranks);
        double zc = sigma == 0 ? 0 : (z - Math.signum(z) * 0.5) / sigma;
        double p = sigma == 0 ? 1 : 2 * Normal.cdf(-Math.abs(zc));
        double muMin = min(x) - max(y);
        double muMax = max(x) - min(y);
        double lower = root(x, y, muMin, muMax, Normal.quantile(1 - alpha / 2));
        double upper = root(x, y, muMin, muMax, Normal.quantile(alpha / 2));
        double estimate = root(x, y, muMin, muMax, 0);
        return new Result(w, Math.min(p, 1), lower, upper, estimate, false);
    }

    /** R's wdiff: the continuity-corrected z of the sample shifted by d, minus zq. */
    private static double wdiff(double[] x, double[] y, double d, double zq) {
        int nx = x.length, ny = y.length;
        double[] r = ranks(concat(x, y, d));
        double dz = -nx * (nx + 1) / 2.0 - nx * ny / 2.0;
        for (int i = 0; i < nx; i++) {
            dz += r[i];
        }
        double sigma = sigma(nx, ny, r);
        if (sigma == 0) {
            throw new ArithmeticException("cannot compute a confidence interval when all observations are tied");
        }
        return (dz - Math.signum(dz) * 0.5) / sigma - zq;
    }

    private static double root(double[] x, double[] y, double muMin, double muMax, double zq) {
        double fLower = wdiff(x, y, muMin, zq);
        if (fLower <= 0) {
            return muMin;
        }
        double fUpper = wdiff(x, y, muMax, zq);
        if (fUpper >= 0) {
            return muMax;
        }
        return Brent.root(d -> wdiff(x, y, d, zq), muMin, muMax, fLower, fUpper, TOLERANCE, 1000);
    }

    private static double sigma(int nx, int ny, double[] ranks) {
        double ties = tieTerm(ranks);
        int n = nx + ny;
        return Math.sqrt((nx * (double) ny / 12) * ((n + 1) - ties / ((double) n * (n - 1))));
    }

    /** The sum over tie groups of t^3 - t. */
    private static double tieTerm(double[] ranks) {
        double[] s = ranks.clone();
        Arrays.sort(s);
        double sum = 0;
        for (int i = 0; i < s.length; ) {
            int j = i;
            while (j < s.length && s[j] == s[i]) {
                j++;
            }
            double t = j - i;
            sum += t * t * t - t;
            i = j;
        }
        return sum;
    }

    private static boolean hasTies(double[] ranks) {
        return tieTerm(ranks) > 0;
    }

    /** x - d followed by y. */
    private static double[] concat(double[] x, double[] y, double d) {
        double[] all = new double[x.length + y.length];
        for (int i = 0; i < x.length; i++) {
            all[i] = x[i] - d;
        }
        System.arraycopy(y, 0, all, x.length, y.length);
        return all;
    }

    /** Average ranks (1-based), as R's rank with ties.method = "average". */
    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }
}
