package dev.stagelight.rollout.gate.judge;

/**
 * Average ranks of {@code c(x - d, y)} as R's {@code rank} gives them, computed by merging the two samples sorted once
 * (subtracting d keeps x's order), so each shift costs O(n) instead of a sort. Holds the rank sum of the x values and
 * the tie term {@code sum(t^3 - t)} over groups of equal values, the two numbers R's {@code wdiff} needs.
 */
final class ShiftedRanks {
    private final double[] xs;
    private final double[] ys;
    double rankSumX;
    double tieTerm;

    /** {@code xs} and {@code ys} must be sorted ascending and free of NaN. */
    ShiftedRanks(double[] xs, double[] ys) {
        this.xs = xs;
        this.ys = ys;
    }

    ShiftedRanks at(double d) {
        int nx = xs.length, ny = ys.length;
        int i = 0, j = 0;
        long before = 0;
        double sum = 0, ties = 0;
        while (i < nx || j < ny) {
            double v;
            if (j >= ny) {
                v = xs[i] - d;
            } else if (i >= nx) {
                v = ys[j];
            } else {
                double a = xs[i] - d;
                v = a <= ys[j] ? a : ys[j];
            }
            int cx = 0;
            while (i < nx && xs[i] - d == v) {
                cx++;
                i++;
            }
            int cy = 0;
            while (j < ny && ys[j] == v) {
                cy++;
                j++;
            }
            long t = cx + cy;
            // The group holds ranks before+1 .. before+t; each gets their mean.
            sum += cx * (before + (t + 1) / 2.0);
            if (t > 1) {
                ties += (double) (t * t * t - t);
            }
            before += t;
        }
        rankSumX = sum;
        tieTerm = ties;
        return this;
    }
}
