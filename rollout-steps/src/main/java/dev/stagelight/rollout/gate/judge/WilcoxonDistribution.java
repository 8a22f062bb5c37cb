package dev.stagelight.rollout.gate.judge;

/**
 * The exact null distribution of the Mann-Whitney statistic W for sample sizes m and n without ties, as R's
 * {@code pwilcox}/{@code qwilcox}: the counts of W = k are the coefficients of the Gaussian binomial [m+n choose m]
 * in q, built by multiplying (1 - q^(n+i)) / (1 - q^i) for i = 1..m (O(m·m·n) time, doubles: C(98, 49) ~ 2.5e28 fits).
 */
final class WilcoxonDistribution {
    private final int m;
    private final int n;
    private final double[] density;
    private final double[] cumulative;

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
        double total = 0;
        for (double v : c) {
            total += v;
        }
        density = new double[max + 1];
        cumulative = new double[max + 1];
        double run = 0;
        for (int k = 0; k <= max; k++) {
            density[k] = c[k] / total;
            run += density[k];
            cumulative[k] = run;
        }
    }

    /** P(W <= q). */
    double cdf(int q) {
        if (q < 0) {
            return 0;
        }
        return q >= m * n ? 1 : cumulative[q];
    }

    /** The smallest q with P(W <= q) >= p, summed from the nearer tail with R's qwilcox fuzz of 10 ulp. */
    int quantile(double x) {
        double eps = Math.ulp(1.0);
        double p = 0;
        int q = 0;
        if (x <= 0.5) {
            x -= 10 * eps;
            while (true) {
                p += density[q];
                if (p >= x) {
                    return q;
                }
                q++;
            }
        }
        x = 1 - x + 10 * eps;
        while (true) {
            p += density[q];
            if (p > x) {
                return m * n - q;
            }
            q++;
        }
    }
}
