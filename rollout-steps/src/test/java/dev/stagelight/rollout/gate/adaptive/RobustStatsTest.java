package dev.stagelight.rollout.gate.adaptive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The sprint's arithmetic against answers worked out by hand. */
class RobustStatsTest {
    @Test
    void ewmaStartsAtTheFirstValueAndSmoothsByAlpha() {
        // m0 = 10; m1 = 0.5*20 + 0.5*10 = 15; m2 = 0.5*30 + 0.5*15 = 22.5
        assertArrayEquals(new double[] {10, 15, 22.5}, RobustStats.ewma(new double[] {10, 20, 30}, 0.5), 1e-12);
        // alpha 0.2: m1 = 0.2*20 + 0.8*10 = 12; m2 = 0.2*30 + 0.8*12 = 15.6
        assertArrayEquals(new double[] {10, 12, 15.6}, RobustStats.ewma(new double[] {10, 20, 30}, 0.2), 1e-12);
        assertEquals(15.6, RobustStats.ewmaLast(new double[] {10, 20, 30}, 3, 0.2), 1e-12);
        assertEquals(0, RobustStats.ewma(new double[0], 0.2).length);
    }

    @Test
    void medianAndMadByHand() {
        assertEquals(3, RobustStats.median(new double[] {100, 1, 4, 2, 3}));
        assertEquals(2.5, RobustStats.median(new double[] {4, 1, 3, 2}));
        // median 3; |x - 3| = 2, 1, 0, 1, 97 -> sorted 0, 1, 1, 2, 97 -> MAD 1 (the outlier does not move it)
        assertEquals(1, RobustStats.mad(new double[] {1, 2, 3, 4, 100}));
        // more than half equal: MAD 0, which the detector's guard handles
        assertEquals(0, RobustStats.mad(new double[] {5, 5, 5, 5, 9}));
    }

    @Test
    void quickselectMedianAgreesWithSorting() {
        java.util.Random rnd = new java.util.Random(11);
        for (int n = 1; n < 300; n++) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = rnd.nextInt(4) == 0 ? 7 : Math.round(rnd.nextGaussian() * 10); // many ties
            }
            double[] s = a.clone();
            java.util.Arrays.sort(s);
            double expected = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
            assertEquals(expected, RobustStats.median(a), "n = " + n);
        }
    }

    @Test
    void robustZDividesByTheScaledMad() {
        // x = 6, mean 3, MAD 1: z = 3 / 1.4826 = 2.023472...
        assertEquals(2.0234722784, RobustStats.robustZ(6, 3, RobustStats.MAD_TO_SIGMA * 1), 1e-9);
        assertEquals(-2.0234722784, RobustStats.robustZ(0, 3, RobustStats.MAD_TO_SIGMA * 1), 1e-9);
    }
}
