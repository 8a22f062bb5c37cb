package dev.stagelight.rollout.gate.judge;

/**
 * Average ranks of {@code c(x - d, y)} as R's {@code rank} gives them, computed by merging the two samples sorted once
 * (subtracting d keeps x's order) and held as distinct values with counts, so each shift costs one pass over the
 * distinct values instead of a sort. Holds the rank sum of the x values and the tie term {@code sum(t^3 - t)} over
 * groups of equal values, the two numbers R's {@code wdiff} needs. Values that become equal only after subtracting d
 * (rounding) are ties, as they are in R.
 */
final class ShiftedRanks {
    private final double[] xv;
    private final int[] xc;
    private final double[] yv;
    private final int[] yc;
    double rankSumX;
    double tieTerm;

    /** {@code xs} and {@code ys} must be sorted ascending, non-empty and free of NaN. */
    ShiftedRanks(double[] xs, double[] ys) {
        int ux = distinct(xs), uy = distinct(ys);
        xv = new double[ux];
        xc = new int[ux];
        yv = new double[uy];
        yc = new int[uy];
        group(xs, xv, xc);
        group(ys, yv, yc);
    }

    ShiftedRanks at(double d) {
        int nx = xv.length, ny = yv.length;
        int i = 0, j = 0;
        long before = 0;
        double sum = 0, ties = 0;
        while (i < nx || j < ny) {
            double v;
            if (j >= ny) {
                v = xv[i] - d;
            } else if (i >= nx) {
                v = yv[j];
            } else {
                double a = xv[i] - d;
                v = a <= yv[j] ? a : yv[j];
            }
            long cx = 0;
            while (i < nx && xv[i] - d == v) {
                cx += xc[i++];
            }
            long cy = 0;
            while (j < ny && yv[j] == v) {
                cy += yc[j++];
            }
            long t = cx + cy;
            // The group holds ranks before+1 .. before+t; each gets their mean.
            sum += cx * (before + (t + 1) / 2.0);
            if (t > 1) {
                ties += (double) t * t * t - t;
            }
            before += t;
        }
        rankSumX = sum;
        tieTerm = ties;
        return this;
    }

    private static int distinct(double[] s) {
        int u = s.length == 0 ? 0 : 1;
        for (int k = 1; k < s.length; k++) {
            if (s[k] != s[k - 1]) {
                u++;
            }
        }
        return u;
    }

    private static void group(double[] s, double[] values, int[] counts) {
        int u = -1;
        for (int k = 0; k < s.length; k++) {
            if (k == 0 || s[k] != s[k - 1]) {
                values[++u] = s[k];
            }
            counts[u]++;
        }
    }
}
