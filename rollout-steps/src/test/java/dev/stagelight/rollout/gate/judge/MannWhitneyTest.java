package dev.stagelight.rollout.gate.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Known answers of R's wilcox.test(x, y, conf.int = TRUE) and qnorm. */
class MannWhitneyTest {
    @Test
    void exactIntervalAndEstimate() {
        MannWhitney.Result r = MannWhitney.test(new double[] {10, 20, 30, 40}, new double[] {1, 2, 3, 4}, 0.95);
        assertTrue(r.exact());
        assertEquals(6.0, r.lower(), 1e-12);
        assertEquals(39.0, r.upper(), 1e-12);
        assertEquals(22.5, r.estimate(), 1e-12);
        assertEquals(16, r.statistic(), 0);
        // Every experiment value above every control value: P = 2 / C(8, 4) = 2 / 70.
        assertEquals(2.0 / 70, r.pValue(), 1e-12);
    }

    @Test
    void normalQuantiles() {
        assertEquals(-2.326348, Normal.quantile(0.01), 1e-6);
        assertEquals(1.959964, Normal.quantile(0.975), 1e-6);
        assertEquals(0.0, Normal.quantile(0.5), 0);
        assertEquals(-8.222082, Normal.quantile(1e-16), 1e-6);
        assertEquals(0.975, Normal.cdf(1.959964), 1e-6);
    }

    @Test
    void exactDistributionMatchesCounts() {
        // W for m = n = 4 has counts 1,1,2,3,5,5,7,7,8,... over 70 arrangements.
        WilcoxonDistribution d = new WilcoxonDistribution(4, 4);
        assertEquals(1.0 / 70, d.cdf(0), 1e-15);
        assertEquals(2.0 / 70, d.cdf(1), 1e-15);
        assertEquals(4.0 / 70, d.cdf(2), 1e-15);
        assertEquals(31.0 / 70, d.cdf(7), 1e-15);
        assertEquals(1, d.quantile(0.025));
        assertEquals(15, d.quantile(0.975));
    }

    @Test
    void normalApproximationMatchesR() {
        // R 4: wilcox.test(x, y, conf.int = TRUE) with ties (exact = FALSE): W 3456, p 2.54763357460859e-18,
        // interval [4.00004317512541, 5.99995682487459], estimate 5.
        double[] x = new double[60], y = new double[60];
        for (int i = 0; i < 60; i++) {
            x[i] = 10 + (i % 7);
            y[i] = 5 + (i % 7);
        }
        MannWhitney.Result r = MannWhitney.test(x, y, 0.95);
        assertFalse(r.exact());
        assertEquals(3456, r.statistic(), 0);
        assertEquals(4.00004317512541, r.lower(), 1e-12);
        assertEquals(5.99995682487459, r.upper(), 1e-12);
        assertEquals(5.0, r.estimate(), 1e-12);
        assertEquals(2.54763357460859e-18, r.pValue(), 1e-30);

        // Small samples with ties: W 67.5, p 0.196902567997111, [-0.999942594469214, 3.499991132334962], 1.250055950101346.
        MannWhitney.Result t = MannWhitney.test(new double[] {1.5, 2, 2, 3, 4.25, 5, 5, 6, 7.5, 8},
                new double[] {1, 1, 2, 2.5, 3, 3, 3.5, 4, 4.5, 6}, 0.95);
        assertEquals(67.5, t.statistic(), 0);
        assertEquals(0.196902567997111, t.pValue(), 1e-14);
        assertEquals(-0.999942594469214, t.lower(), 1e-12);
        assertEquals(3.499991132334962, t.upper(), 1e-12);
        assertEquals(1.250055950101346, t.estimate(), 1e-12);
    }

    @Test
    void largeSamplesAtNinetyPercentMatchR() {
        // set.seed(1); x <- round(rnorm(80, 10, 2), 3); y <- round(rnorm(70, 9, 2), 3)
        // wilcox.test(x, y, conf.int = TRUE, conf.level = 0.9): W 3976.5, p 9.41773719778644e-06,
        // [0.943035297900864, 1.94094608681713], estimate 1.4409714095383.
        double[] x = {8.747,10.367,8.329,13.191,10.659,8.359,10.975,11.477,11.152,9.389,13.024,10.78,8.758,5.571,12.25,9.91,9.968,11.888,11.642,11.188,11.838,11.564,10.149,6.021,11.24,9.888,9.688,7.058,9.044,10.836,12.717,9.794,10.775,9.892,7.246,9.17,9.211,9.881,12.2,11.526,9.671,9.493,11.394,11.113,8.622,8.585,10.729,11.537,9.775,11.762,10.796,8.776,10.682,7.741,12.866,13.961,9.266,7.912,11.139,9.73,14.803,9.922,11.379,10.056,8.513,10.378,6.39,12.931,10.307,14.345,10.951,8.58,11.221,8.132,7.493,10.583,9.113,10.002,10.149,8.821};
        double[] y = {7.863,8.73,11.356,5.953,10.188,9.666,11.126,8.392,9.74,9.534,7.915,11.416,11.321,10.4,12.174,10.117,6.447,7.853,6.551,8.053,7.759,9.084,7.178,9.316,7.691,12.535,10.433,10.82,9.768,12.364,7.729,8.077,11.865,7.699,8.585,8.214,8.36,8.442,9.988,8.645,7.988,11.686,8.571,8.641,8.8,10.425,8.853,8.925,7.637,8.351,9.12,7.822,10.063,5.963,9.613,5.927,8.398,7.943,7.696,8.886,5.171,11.353,5.67,8.073,6.768,7.498,13.174,9.035,6.427,5.719};
        MannWhitney.Result r = MannWhitney.test(x, y, 0.90);
        assertFalse(r.exact());
        assertEquals(3976.5, r.statistic(), 0);
        assertEquals(9.41773719778644e-06, r.pValue(), 1e-18);
        assertEquals(0.943035297900864, r.lower(), 1e-12);
        assertEquals(1.94094608681713, r.upper(), 1e-12);
        assertEquals(1.4409714095383, r.estimate(), 1e-12);
    }

    @Test
    void pValuesAgreeWithAnIndependentImplementation() {
        // SciPy 1.17 mannwhitneyu(x, y, alternative="two-sided"): exact (no ties, both under 50) and asymptotic
        // with the tie-corrected variance and continuity correction (ties, or a sample of 50 or more).
        MannWhitney.Result e = MannWhitney.test(new double[] {1.1, 2.3, 3.7, 5.2, 8.9, 4.4, 6.05},
                new double[] {0.5, 1.9, 2.2, 3.1, 0.7}, 0.95);
        assertTrue(e.exact());
        assertEquals(31, e.statistic(), 0);
        assertEquals(0.030303030303030304, e.pValue(), 1e-15);

        double[] x = {9.5, 11.0, 9.5, 9.4, 8.1, 9.6, 12.2, 10.8, 12.1, 10.5, 10.8, 10.4, 6.7, 11.7, 11.0, 11.0, 6.6, 6.5,
            8.2, 9.1, 10.6, 9.9, 11.0, 8.7, 10.6, 10.8, 8.7, 13.4, 11.1, 12.4, 8.8, 8.5, 9.3, 9.8, 11.3, 10.5, 9.1, 8.1,
            9.0, 12.4};
        double[] y = {7.4, 9.5, 9.9, 6.0, 9.1, 11.6, 5.0, 8.4, 8.8, 7.4, 10.0, 8.9, 6.1, 10.7, 10.3, 10.9, 11.9, 9.7,
            9.2, 6.4, 10.2, 7.8, 8.1, 6.5, 7.1, 7.9, 11.6, 4.9, 6.1, 9.5, 11.9, 10.2, 5.2, 4.0, 9.7, 7.5, 6.8, 11.0, 11.2,
            9.3, 9.5, 9.9, 12.2, 10.2, 10.0};
        MannWhitney.Result t = MannWhitney.test(x, y, 0.95);
        assertFalse(t.exact(), "ties force the normal approximation, as in R");
        assertEquals(1177, t.statistic(), 0);
        assertEquals(0.014878321526290924, t.pValue(), 1e-14);
        assertTrue(t.lower() < t.estimate() && t.estimate() < t.upper(), t.toString());
    }

    @Test
    void exactIntervalUsesTheWilcoxonQuantileOfPairwiseDifferences() {
        // qwilcox(0.025, 7, 5) = 6: the interval is the 6th smallest and 6th largest of the 35 differences.
        double[] x = {1.1, 2.3, 3.7, 5.2, 8.9, 4.4, 6.05}, y = {0.5, 1.9, 2.2, 3.1, 0.7};
        double[] d = new double[35];
        int k = 0;
        for (double a : x) {
            for (double b : y) {
                d[k++] = a - b;
            }
        }
        java.util.Arrays.sort(d);
        assertEquals(6, new WilcoxonDistribution(7, 5).quantile(0.025));
        MannWhitney.Result r = MannWhitney.test(x, y, 0.95);
        assertEquals(d[5], r.lower(), 0);
        assertEquals(d[29], r.upper(), 0);
        assertEquals(d[17], r.estimate(), 0);
    }

    @Test
    void mergedRanksEqualSortedRanksWithTies() {
        java.util.Random rnd = new java.util.Random(42);
        for (int round = 0; round < 200; round++) {
            int nx = 1 + rnd.nextInt(30), ny = 1 + rnd.nextInt(30);
            double[] x = new double[nx], y = new double[ny];
            for (int i = 0; i < nx; i++) {
                x[i] = rnd.nextInt(8) * 0.5;
            }
            for (int i = 0; i < ny; i++) {
                y[i] = rnd.nextInt(8) * 0.5;
            }
            double d = rnd.nextInt(5) * 0.5 - 1;
            // Naive: rank c(x - d, y) by counting, ties averaged.
            double[] all = new double[nx + ny];
            for (int i = 0; i < nx; i++) {
                all[i] = x[i] - d;
            }
            System.arraycopy(y, 0, all, nx, ny);
            double sum = 0, ties = 0;
            for (int i = 0; i < all.length; i++) {
                int less = 0, equal = 0;
                for (double v : all) {
                    less += v < all[i] ? 1 : 0;
                    equal += v == all[i] ? 1 : 0;
                }
                if (i < nx) {
                    sum += less + (equal + 1) / 2.0;
                }
                ties += ((double) equal * equal * equal - equal) / equal;
            }
            double[] xs = x.clone(), ys = y.clone();
            java.util.Arrays.sort(xs);
            java.util.Arrays.sort(ys);
            ShiftedRanks r = new ShiftedRanks(xs, ys).at(d);
            assertEquals(sum, r.rankSumX, 1e-9);
            assertEquals(ties, r.tieTerm, 1e-6);
        }
    }

    @Test
    void normalDistributionFunctionMatchesToFourteenDigits() {
        // SciPy 1.17 special.ndtr.
        double[][] known = {{-30, 4.906713927147908e-198}, {-20, 2.7536241186061556e-89}, {-10, 7.61985302416047e-24},
            {-5, 2.866515718791933e-07}, {-3.5, 0.00023262907903552502}, {-3, 0.0013498980316300933},
            {-2.9, 0.0018658133003840375}, {-1.96, 0.024997895148220435}, {-1, 0.15865525393145707},
            {-0.1, 0.460172162722971}, {0, 0.5}, {0.5, 0.6914624612740131}, {1.2, 0.8849303297782918},
            {2.5, 0.9937903346742238}, {3, 0.9986501019683699}, {4, 0.9999683287581669}, {6, 0.9999999990134123}};
        for (double[] k : known) {
            assertEquals(k[1], Normal.cdf(k[0]), Math.abs(k[1]) * 1e-13, "Phi(" + k[0] + ")");
        }
        assertEquals(1.0, Normal.cdf(9), 0);
        assertEquals(0.0, Normal.cdf(-40), 0);
    }

    @Test
    void refusesNaNAndEmptySamples() {
        assertThrows(IllegalArgumentException.class, () -> MannWhitney.test(new double[] {}, new double[] {1}, 0.95));
        assertThrows(IllegalArgumentException.class,
                () -> MannWhitney.test(new double[] {Double.NaN, 1}, new double[] {1, 2}, 0.95));
    }
}
