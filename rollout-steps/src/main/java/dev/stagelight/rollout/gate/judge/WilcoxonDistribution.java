package dev.stagelight.rollout.gate.judge;

/**
 * The exact null distribution of the Mann-Whitney statistic W for sample sizes m and n without ties, as R's
 * {@code pwilcox}/{@code qwilcox}. The counts of W = k are the coefficients of the Gaussian binomial [m+n choose m]
 * in q, built by multiplying (1 - q^(n+i)) / (1 - q^i) for i = 1..m (O(m·m·n) time; doubles: C(98, 49) ~ 2.5e28
 * fits). Tails are summed over the shorter side, as pwilcox does, so small p-values keep their precision.
 */
final class WilcoxonDistribution {
    private final int m;
    private final int n;
    private final double[] counts;
    private final double total;

    WilcoxonDistribution(int m, int n) {
        this.m = m;
        this.n = n;
        int max = m * n;
        double[] c = new double[max + 1];
        c[0] = 1;
        for (int i = 1; i <= m; i++) {
            for (int k = max; k >= n + i; k--) {
                c[k] -= c[k - n - i];
            }
            for (int k = i; k <= max; k++) {
                c[k] += c[k - i];
            }
        }
        double sum = 0;
        for (double v : c) {
            sum += v;
        }
        counts = c;
        total = sum;
    }

    /** P(W <= q), R's {@code pwilcox(q, m, n)}. */
    double cdf(double q) {
        return tail(q, true);
    }

    /** P(W > q), R's {@code pwilcox(q, m, n, lower.tail = FALSE)}. */
    double upperTail(double q) {
        return tail(q, false);
    }

    private double tail(double q, boolean lower) {
        q = Math.floor(q + 1e-7);
        if (q < 0) {
            return lower ? 0 : 1;
        }
        if (q >= m * (double) n) {
            return lower ? 1 : 0;
        }
        double p = 0;
        if (q <= m * (double) n / 2) {
            for (int i = 0; i <= q; i++) {
                p += counts[i] / total;
            }
        } else {
            q = m * (double) n - q;
            for (int i = 0; i < q; i++) {
                p += counts[i] / total;
            }
            lower = !lower;
        }
        return lower ? p : 0.5 - p + 0.5;
    }

    /** The smallest q with P(W <= q) >= x, summed from the nearer tail with R's qwilcox fuzz of 10 ulp. */
    int quantile(double x) {
        double eps = Math.ulp(1.0);
        double p = 0;
        int q = 0;
        if (x <= 0.5) {
            x -= 10 * eps;
            while (true) {
                p += counts[q] / total;
                if (p >= x) {
                    return q;
                }
                q++;
            }
        }
        x = 1 - x + 10 * eps;
        while (true) {
            p += counts[q] / total;
            if (p > x) {
                return m * n - q;
            }
            q++;
        }
    }
}
