package dev.stagelight.rollout.gate.judge;

import java.util.Arrays;
import java.util.Locale;

/**
 * Classifies one metric of a canary against its baseline as Kayenta's NetflixACAJudge does
 * (MannWhitneyClassifier): High when the interval of the location shift lies wholly above tolerance × |estimate| and
 * the effect size reaches the allowed increase; Low mirrored; otherwise Pass. A critical metric whose effect also
 * reaches the critical threshold is marked critical. An empty side is "no data", never a pass.
 *
 * <p>Deterministic where Kayenta is not: when both samples are constant (every value of each side equal) Kayenta
 * adds Gaussian noise (sd = value × 1e-5) to break the ties; here the shift is then known exactly, so the interval
 * and the estimate are both set to {@code canary value - baseline value}, the limit the noise approximates.
 */
public final class MetricJudge {
    public enum Direction { INCREASE, DECREASE, EITHER }

    public enum NanStrategy { REMOVE, REPLACE }

    public enum EffectMeasure { MEAN_RATIO, CLES }

    public enum Label { PASS, HIGH, LOW, NODATA, NODATA_FAIL }

    /** The judge's parameters for one metric (Kayenta's names in the comments). */
    public record Config(double tolerance, double confidence, Direction direction, NanStrategy nanStrategy,
                         EffectMeasure effectMeasure, double allowedDecrease, double allowedIncrease,
                         double criticalDecrease, double criticalIncrease, boolean critical, boolean dataRequired,
                         boolean removeOutliers, int minSamples) {
        public Config {
            if (!(tolerance >= 0) || !(confidence > 0 && confidence < 1)) {
                throw new IllegalArgumentException("tolerance must be >= 0 and confidence in (0, 1), found "
                        + tolerance + " and " + confidence);
            }
            if (allowedDecrease > allowedIncrease) {
                throw new IllegalArgumentException("allowed decrease " + allowedDecrease + " exceeds allowed increase "
                        + allowedIncrease);
            }
            if (minSamples < 1) {
                throw new IllegalArgumentException("min_samples must be at least 1, found " + minSamples);
            }
        }

        /** Kayenta's defaults: tolerance 0.25, confidence 0.95, either direction, remove NaN, mean ratio 1.0/1.0. */
        public static Config defaults() {
            return new Config(0.25, 0.95, Direction.EITHER, NanStrategy.REMOVE, EffectMeasure.MEAN_RATIO,
                    1.0, 1.0, 1.0, 1.0, false, false, false, 1);
        }

        public Config withTolerance(double t) {
            return new Config(t, confidence, direction, nanStrategy, effectMeasure, allowedDecrease, allowedIncrease,
                    criticalDecrease, criticalIncrease, critical, dataRequired, removeOutliers, minSamples);
        }

        public Config withEffect(double decrease, double increase) {
            return new Config(tolerance, confidence, direction, nanStrategy, effectMeasure, decrease, increase,
                    criticalDecrease, criticalIncrease, critical, dataRequired, removeOutliers, minSamples);
        }

        public Config withCritical(double decrease, double increase) {
            return new Config(tolerance, confidence, direction, nanStrategy, effectMeasure, allowedDecrease,
                    allowedIncrease, decrease, increase, true, dataRequired, removeOutliers, minSamples);
        }

        public Config withDirection(Direction d) {
            return new Config(tolerance, confidence, d, nanStrategy, effectMeasure, allowedDecrease, allowedIncrease,
                    criticalDecrease, criticalIncrease, critical, dataRequired, removeOutliers, minSamples);
        }
    }

    /** The verdict on one metric, with everything that decided it. */
    public record Verdict(Label label, boolean critical, double effect, MannWhitney.Result test, double bound,
                          int canarySamples, int baselineSamples, String explanation) {}

    private MetricJudge() {}

    public static Verdict judge(String metric, double[] canaryIn, double[] baselineIn, Config c) {
        double[] canary = prepare(canaryIn, c);
        double[] baseline = prepare(baselineIn, c);
        if (canary.length < c.minSamples() || baseline.length < c.minSamples()) {
            Label l = c.dataRequired() && !c.critical() ? Label.NODATA_FAIL : Label.NODATA;
            return new Verdict(l, c.critical(), 1.0, null, 0, canary.length, baseline.length, String.format(Locale.ROOT,
                    "%s: no data (canary %d, baseline %d samples; at least %d each needed)", metric, canary.length,
                    baseline.length, c.minSamples()));
        }
        double[] sc = canary.clone(), sb = baseline.clone();
        Arrays.sort(sc);
        Arrays.sort(sb);
        if (Arrays.equals(sc, sb)) {
            return new Verdict(Label.PASS, false, 1.0, null, 0, canary.length, baseline.length,
                    metric + ": canary and baseline data are identical");
        }
        double effect = effect(canary, baseline, c.effectMeasure());
        MannWhitney.Result mw;
        if (sc[0] == sc[sc.length - 1] && sb[0] == sb[sb.length - 1]) {
            double shift = sc[0] - sb[0];
            mw = new MannWhitney.Result(Double.NaN, Double.NaN, shift, shift, shift, true);
        } else {
            mw = MannWhitney.test(canary, baseline, c.confidence());
        }
        double bound = c.tolerance() * Math.abs(mw.estimate());
        boolean up = c.direction() != Direction.DECREASE;
        boolean down = c.direction() != Direction.INCREASE;
        Label label = Label.PASS;
        String rule = String.format(Locale.ROOT, "interval [%.6g, %.6g] overlaps ±%.6g (tolerance %.3g × |estimate %.6g|)"
                + " or effect %.4g within [%.4g, %.4g]", mw.lower(), mw.upper(), bound, c.tolerance(), mw.estimate(),
                effect, c.allowedDecrease(), c.allowedIncrease());
        if (up && mw.lower() > bound && effect >= c.allowedIncrease()) {
            label = Label.HIGH;
            rule = String.format(Locale.ROOT, "interval [%.6g, %.6g] lies above +%.6g and effect %.4g >= allowed increase %.4g",
                    mw.lower(), mw.upper(), bound, effect, c.allowedIncrease());
        } else if (down && mw.upper() < -bound && effect <= c.allowedDecrease()) {
            label = Label.LOW;
            rule = String.format(Locale.ROOT, "interval [%.6g, %.6g] lies below -%.6g and effect %.4g <= allowed decrease %.4g",
                    mw.lower(), mw.upper(), bound, effect, c.allowedDecrease());
        }
        boolean critical = c.critical() && ((label == Label.HIGH && effect >= c.criticalIncrease())
                || (label == Label.LOW && effect <= c.criticalDecrease()));
        return new Verdict(label, critical, effect, mw, bound, canary.length, baseline.length,
                metric + ": " + label + (critical ? " (critical)" : "") + ", " + rule);
    }

    /** NaN handling, then IQR outlier removal (outside [Q1 - 1.5 IQR, Q3 + 1.5 IQR]) when configured. */
    static double[] prepare(double[] values, Config c) {
        double[] v = c.nanStrategy() == NanStrategy.REMOVE
                ? Arrays.stream(values).filter(d -> !Double.isNaN(d)).toArray()
                : Arrays.stream(values).map(d -> Double.isNaN(d) ? 0 : d).toArray();
        for (double d : v) {
            if (Double.isInfinite(d)) {
                throw new IllegalArgumentException("a sample is infinite (" + d + "); the judge needs finite values");
            }
        }
        if (!c.removeOutliers() || v.length < 4) {
            return v;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        double q1 = quantile7(s, 0.25), q3 = quantile7(s, 0.75), iqr = q3 - q1;
        double lo = q1 - 1.5 * iqr, hi = q3 + 1.5 * iqr;
        return Arrays.stream(v).filter(d -> d >= lo && d <= hi).toArray();
    }

    /** R's default quantile (type 7) of sorted values. */
    static double quantile7(double[] s, double p) {
        double h = (s.length - 1) * p;
        int lo = (int) Math.floor(h);
        return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
    }

    /** Mean ratio canary/baseline (1 when the baseline mean is 0, as Kayenta), or CLES P(canary > baseline). */
    static double effect(double[] canary, double[] baseline, EffectMeasure m) {
        if (m == EffectMeasure.MEAN_RATIO) {
            double mb = Arrays.stream(baseline).average().orElse(0);
            return mb == 0 ? 1.0 : Arrays.stream(canary).average().orElse(0) / mb;
        }
        double[] sb = baseline.clone();
        Arrays.sort(sb);
        double wins = 0;
        for (double x : canary) {
            int below = lowerBound(sb, x), notAbove = upperBound(sb, x);
            wins += below + 0.5 * (notAbove - below);
        }
        return wins / ((double) canary.length * baseline.length);
    }

    private static int lowerBound(double[] s, double x) {
        int lo = 0, hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static int upperBound(double[] s, double x) {
        int lo = 0, hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] <= x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
