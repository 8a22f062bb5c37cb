package dev.stagelight.rollout.gate.judge;

/**
 * The standard normal distribution: the quantile by Wichura's algorithm AS 241 (PPND16, about 1e-16 relative
 * accuracy, the algorithm R's {@code qnorm} uses) and the distribution function (about 1e-14 relative, see
 * {@link #cdf}).
 */
public final class Normal {
    private Normal() {}

    /** The p-quantile (lower tail) of N(0, 1); -Inf at 0, +Inf at 1. */
    public static double quantile(double p) {
        if (Double.isNaN(p) || p < 0 || p > 1) {
            throw new IllegalArgumentException("a probability in [0, 1] is needed, found " + p);
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        double q = p - 0.5;
        if (Math.abs(q) <= 0.425) {
            double r = 0.180625 - q * q;
            return q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r
                    + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                    + 133.14166789178437745) * r + 3.387132872796366608)
                    / (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r
                    + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                    + 42.313330701600911252) * r + 1.0);
        }
        double r = q < 0 ? p : 1 - p;
        r = Math.sqrt(-Math.log(r));
        double val;
        if (r <= 5) {
            r -= 1.6;
            val = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                    + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                    + 4.6303378461565452959) * r + 1.42343711074968357734)
                    / (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                    + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                    + 2.05319162663775882187) * r + 1.0);
        } else {
            r -= 5;
            val = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
                    + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                    + 5.4637849111641143699) * r + 6.6579046435011037772)
                    / (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                    + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                    + 0.59983220655588793769) * r + 1.0);
        }
        return q < 0 ? -val : val;
    }

    /**
     * P(Z <= z) for Z ~ N(0, 1), to about 1e-14 relative accuracy in both tails: Marsaglia's all-positive series
     * {@code 1/2 + phi(z) (z + z^3/3 + z^5/(3*5) + ...)} for |z| < 2, the Mills-ratio continued fraction
     * {@code phi(z) / (z + 1/(z + 2/(z + 3/(z + ...))))} (modified Lentz) beyond; phi with R's split of z^2 so that
     * far tails keep their precision.
     */
    public static double cdf(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        double a = Math.abs(z);
        if (a > 38.5) {
            return z < 0 ? 0 : 1;
        }
        double tail;
        if (a < 2) {
            double term = a, sum = a, a2 = a * a;
            for (int k = 3; term > sum * 1e-17; k += 2) {
                term *= a2 / k;
                sum += term;
            }
            double half = density(a) * sum;
            return z < 0 ? 0.5 - half : 0.5 + half;
        }
        double tiny = 1e-300, f = a, c = a, d = 0;
        for (int k = 1; k < 5000; k++) {
            d = a + k * d;
            d = d == 0 ? 1 / tiny : 1 / d;
            c = a + k / c;
            if (c == 0) {
                c = tiny;
            }
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        tail = density(a) / f;
        return z < 0 ? tail : 0.5 - tail + 0.5;
    }

    /** The standard normal density, exp(-z^2/2) / sqrt(2 pi), with z^2 split as R's pnorm does. */
    static double density(double z) {
        double a = Math.abs(z);
        double sq = Math.floor(a * 16) / 16;
        double del = (a - sq) * (a + sq);
        return Math.exp(-sq * sq * 0.5) * Math.exp(-del * 0.5) / Math.sqrt(2 * Math.PI);
    }
}
