package dev.stagelight.rollout.gate.judge;

import java.util.function.DoubleUnaryOperator;

/**
 * Brent's root finder as R's {@code uniroot} runs it (R_zeroin2: bisection, secant and inverse quadratic
 * interpolation, given f at both ends), so the judge's confidence interval is the one R reports.
 */
final class Brent {
    private Brent() {}

    static double root(DoubleUnaryOperator f, double ax, double bx, double fa, double fb, double tol, int maxIter) {
        double a = ax, b = bx, c = a, fc = fa;
        double eps = Math.ulp(1.0);
        if (fa == 0) {
            return a;
        }
        if (fb == 0) {
            return b;
        }
        for (int iter = 0; iter < maxIter; iter++) {
            double prevStep = b - a;
            if (Math.abs(fc) < Math.abs(fb)) {
                a = b; b = c; c = a;
                fa = fb; fb = fc; fc = fa;
            }
            double tolAct = 2 * eps * Math.abs(b) + tol / 2;
            double newStep = (c - b) / 2;
            if (Math.abs(newStep) <= tolAct || fb == 0) {
                return b;
            }
            if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
                double t1, t2, p, q;
                double cb = c - b;
                if (a == c) {
                    t1 = fb / fa;
                    p = cb * t1;
                    q = 1.0 - t1;
                } else {
                    q = fa / fc;
                    t1 = fb / fc;
                    t2 = fb / fa;
                    p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0));
                    q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0);
                }
                if (p > 0) {
                    q = -q;
                } else {
                    p = -p;
                }
                if (p < (0.75 * cb * q - Math.abs(tolAct * q) / 2) && p < Math.abs(prevStep * q / 2)) {
                    newStep = p / q;
                }
            }
            if (Math.abs(newStep) < tolAct) {
                newStep = newStep > 0 ? tolAct : -tolAct;
            }
            a = b;
            fa = fb;
            b += newStep;
            fb = f.applyAsDouble(b);
            if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
                c = a;
                fc = fa;
            }
        }
        throw new ArithmeticException("root finder did not converge in " + maxIter + " iterations");
    }
}
