package dev.stagelight.rollout.gate.judge;

import dev.stagelight.rollout.input.InputEnum;
import java.util.Arrays;
import java.util.Locale;

/**
 * Classifies one metric of a canary against its baseline as Kayenta's NetflixACAJudge does (MannWhitneyClassifier):
 * High when the interval of the location shift lies wholly above {@code tolerance * |estimate|} and the effect size
 * reaches the allowed increase; Low mirrored below {@code -tolerance * |estimate|} and the allowed decrease; only the
 * directions the metric cares about count; otherwise Pass. A critical metric whose effect also reaches the critical
 * increase (decrease) is marked critical, and a critical metric that is not Pass fails the whole run.
 *
 * <p>Before the test, NaN values are removed or replaced by 0 (the NaN strategy), then outliers are dropped by
 * Kayenta's IQR detector when asked. A side left with fewer than {@code min_samples} values is "no data" (or
 * "no data, fail" when the metric must have data), never a pass — also under the replace strategy, where Kayenta
 * passes an empty metric. An infinite value makes the metric an error (it cannot be ranked or averaged).
 *
 * <p>Deterministic where Kayenta is not: when both samples are constant (every value of each side equal) Kayenta adds
 * Gaussian noise (sd = value × 1e-5) to break the ties before the test. Here the shift is then known exactly, so the
 * interval and the estimate are both {@code canary value - baseline value}, the limit the noise approximates; the
 * same input always gives the same verdict.
 *
 * <p>Mean ratio where Kayenta's is undefined: a baseline mean of 0 gives 1 when the canary mean is 0 too, and
 * ±Infinity otherwise (Kayenta gives 1, which hides a rise from zero errors); a canary mean of 0 gives 0 (Kayenta
 * gives NaN, which hides a drop to zero).
 */
public final class MetricJudge {
    public enum Direction implements InputEnum { INCREASE, DECREASE, EITHER }

    public enum NanStrategy implements InputEnum { REMOVE, REPLACE }

    public enum EffectMeasure implements InputEnum { MEAN_RATIO, CLES }

    /** Kayenta's metric classifications, plus ERROR for samples the test cannot take. */
    public enum Label {
        PASS("Pass"), HIGH("High"), LOW("Low"), NODATA("Nodata"), NODATA_FAIL("NodataFailMetric"), ERROR("Error");

        private final String kayenta;

        Label(String kayenta) {
            this.kayenta = kayenta;
        }

        /** The spelling in Kayenta's results and in our JSON. */
        public String kayenta() {
            return kayenta;
        }
    }

    /** Kayenta's IQR factor in NetflixACAJudge. */
    public static final double KAYENTA_OUTLIER_FACTOR = 3.0;

    /** The judge's parameters for one metric. */
    public record Config(double tolerance, double confidence, Direction direction, NanStrategy nanStrategy,
                         EffectMeasure effectMeasure, double allowedDecrease, double allowedIncrease,
                         double criticalDecrease, double criticalIncrease, boolean critical, boolean dataRequired,
                         boolean removeOutliers, int minSamples, double outlierFactor, boolean reduceSensitivity) {
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
            if (!(outlierFactor > 0)) {
                throw new IllegalArgumentException("the outlier factor must be > 0, found " + outlierFactor);
            }
        }

        /** Without the outlier settings: Kayenta's detector (factor 3, reduced sensitivity) when outliers are removed. */
        public Config(double tolerance, double confidence, Direction direction, NanStrategy nanStrategy,
                      EffectMeasure effectMeasure, double allowedDecrease, double allowedIncrease,
                      double criticalDecrease, double criticalIncrease, boolean critical, boolean dataRequired,
                      boolean removeOutliers, int minSamples) {
            this(tolerance, confidence, direction, nanStrategy, effectMeasure, allowedDecrease, allowedIncrease,
                    criticalDecrease, criticalIncrease, critical, dataRequired, removeOutliers, minSamples,
                    KAYENTA_OUTLIER_FACTOR, true);
        }

        /**
         * NetflixACAJudge's settings: tolerance 0.25, confidence 0.98, either direction, remove NaN, mean ratio with
         * allowed and critical thresholds 1.0/1.0, IQR outlier removal (factor 3, reduced sensitivity).
         */
        public static Config defaults() {
            return new Config(0.25, 0.98, Direction.EITHER, NanStrategy.REMOVE, EffectMeasure.MEAN_RATIO,
                    1.0, 1.0, 1.0, 1.0, false, false, true, 1, KAYENTA_OUTLIER_FACTOR, true);
        }

        public Config withTolerance(double t) {
            return new Config(t, confidence, direction, nanStrategy, effectMeasure, allowedDecrease, allowedIncrease,
                    criticalDecrease, criticalIncrease, critical, dataRequired, removeOutliers, minSamples,
                    outlierFactor, reduceSensitivity);
        }

        public Config withConfidence(double c) {
            return new Config(tolerance, c, direction, nanStrategy, effectMeasure, allowedDecrease, allowedIncrease,
                    criticalDecrease, criticalIncrease, critical, dataRequired, removeOutliers, minSamples,
                    outlierFactor, reduceSensitivity);
        }

        public Config withEffect(double decrease, double increase) {
            return new Config(tolerance, confidence, direction, nanStrategy, effectMeasure, decrease, increase,
                    criticalDecrease, criticalIncrease, critical, dataRequired, removeOutliers, minSamples,
                    outlierFactor, reduceSensitivity);
        }

        public Config withEffectMeasure(EffectMeasure m) {
            return new Config(tolerance, confidence, direction, nanStrategy, m, allowedDecrease, allowedIncrease,
                    criticalDecrease, criticalIncrease, critical, dataRequired, removeOutliers, minSamples,
                    outlierFactor, reduceSensitivity);
        }

        /** A critical metric with these critical decrease/increase thresholds. */
        public Config withCritical(double decrease, double increase) {
            return new Config(tolerance, confidence, direction, nanStrategy, effectMeasure, allowedDecrease,
                    allowedIncrease, decrease, increase, true, dataRequired, removeOutliers, minSamples,
                    outlierFactor, reduceSensitivity);
        }

        public Config withDirection(Direction d) {
            return new Config(tolerance, confidence, d, nanStrategy, effectMeasure, allowedDecrease, allowedIncrease,
                    criticalDecrease, criticalIncrease, critical, dataRequired, removeOutliers, minSamples,
                    outlierFactor, reduceSensitivity);
        }

        public Config withNanStrategy(NanStrategy s) {
            return new Config(tolerance, confidence, direction, s, effectMeasure, allowedDecrease, allowedIncrease,
                    criticalDecrease, criticalIncrease, critical, dataRequired, removeOutliers, minSamples,
                    outlierFactor, reduceSensitivity);
        }

        public Config withDataRequired(boolean required) {
            return new Config(tolerance, confidence, direction, nanStrategy, effectMeasure, allowedDecrease,
                    allowedIncrease, criticalDecrease, criticalIncrease, critical, required, removeOutliers,
                    minSamples, outlierFactor, reduceSensitivity);
        }

        public Config withMinSamples(int n) {
            return new Config(tolerance, confidence, direction, nanStrategy, effectMeasure, allowedDecrease,
                    allowedIncrease, criticalDecrease, criticalIncrease, critical, dataRequired, removeOutliers, n,
                    outlierFactor, reduceSensitivity);
        }

        /** IQR outlier removal on or off, with this factor and sensitivity. */
        public Config withOutliers(boolean remove, double factor, boolean reduced) {
            return new Config(tolerance, confidence, direction, nanStrategy, effectMeasure, allowedDecrease,
                    allowedIncrease, criticalDecrease, criticalIncrease, critical, dataRequired, remove, minSamples,
                    factor, reduced);
        }
    }

    /** How many values a side had, and what the preparation took away. */
    public record Counts(int given, int nan, int outliers, int used) {}

    /**
     * The verdict on one metric, with everything that decided it: the label, whether it is a critical failure, the
     * effect size, the test (null when no test ran: no data, identical or constant samples, error), the bound
     * {@code tolerance * |estimate|}, the used sample counts, one readable line, and the counts per side.
     */
    public record Verdict(Label label, boolean critical, double effect, MannWhitney.Result test, double bound,
                          int canarySamples, int baselineSamples, String explanation, Counts canary, Counts baseline) {}

    private MetricJudge() {}

    public static Verdict judge(String metric, double[] canaryIn, double[] baselineIn, Config c) {
        Prepared canary = prepare(canaryIn, c);
        Prepared baseline = prepare(baselineIn, c);
        if (canary.infinite + baseline.infinite > 0) {
            return verdict(Label.ERROR, c.critical(), Double.NaN, null, 0, canary, baseline, String.format(Locale.ROOT,
                    "%s: error, infinite values (canary %d, baseline %d) cannot be ranked or averaged", metric,
                    canary.infinite, baseline.infinite));
        }
        double[] sc = canary.sorted, sb = baseline.sorted;
        if (sc.length < c.minSamples() || sb.length < c.minSamples()) {
            Label l = c.dataRequired() && !c.critical() ? Label.NODATA_FAIL : Label.NODATA;
            return verdict(l, c.critical(), Double.NaN, null, 0, canary, baseline, String.format(Locale.ROOT,
                    "%s: %s (canary %d, baseline %d samples; at least %d each needed)", metric,
                    l == Label.NODATA ? "no data" : "no data, and the metric must have data",
                    sc.length, sb.length, c.minSamples()));
        }
        if (Arrays.equals(sc, sb)) {
            return verdict(Label.PASS, false, 1.0, null, 0, canary, baseline,
                    metric + ": Pass, canary and baseline data are identical");
        }
        boolean constant = sc[0] == sc[sc.length - 1] && sb[0] == sb[sb.length - 1];
        if (constant && sc[0] == sb[0]) {
            return verdict(Label.PASS, false, 1.0, null, 0, canary, baseline,
                    metric + ": Pass, every value of both sides is " + fmt(sc[0]));
        }
        double effect = effect(sc, sb, c.effectMeasure());
        MannWhitney.Result mw;
        if (constant) {
            double shift = sc[0] - sb[0];
            mw = new MannWhitney.Result(Double.NaN, Double.NaN, shift, shift, shift, true);
        } else {
            try {
                mw = MannWhitney.testSorted(sc, sb, c.confidence());
            } catch (ArithmeticException e) {
                // As Kayenta's judge, a test that cannot finish is an Error for this metric, not a failed run.
                return verdict(Label.ERROR, c.critical(), effect, null, 0, canary, baseline,
                        metric + ": error, the Mann-Whitney test failed: " + e.getMessage());
            }
        }
        double bound = c.tolerance() * Math.abs(mw.estimate());
        boolean up = c.direction() != Direction.DECREASE;
        boolean down = c.direction() != Direction.INCREASE;
        String what = constant ? "both sides constant, shift" : "interval";
        Label label = Label.PASS;
        String interval = String.format(Locale.ROOT, "%s [%s, %s]", what, fmt(mw.lower()), fmt(mw.upper()));
        String rule;
        if (up && mw.lower() > bound && effect >= c.allowedIncrease()) {
            label = Label.HIGH;
            rule = String.format(Locale.ROOT, "%s lies above +%s and effect %s >= allowed increase %s", interval,
                    fmt(bound), fmt(effect), fmt(c.allowedIncrease()));
        } else if (down && mw.upper() < -bound && effect <= c.allowedDecrease()) {
            label = Label.LOW;
            rule = String.format(Locale.ROOT, "%s lies below -%s and effect %s <= allowed decrease %s", interval,
                    fmt(bound), fmt(effect), fmt(c.allowedDecrease()));
        } else if (up && mw.lower() > bound) {
            rule = String.format(Locale.ROOT, "%s lies above +%s but effect %s < allowed increase %s", interval,
                    fmt(bound), fmt(effect), fmt(c.allowedIncrease()));
        } else if (down && mw.upper() < -bound) {
            rule = String.format(Locale.ROOT, "%s lies below -%s but effect %s > allowed decrease %s", interval,
                    fmt(bound), fmt(effect), fmt(c.allowedDecrease()));
        } else {
            String side = up && down ? "above +" + fmt(bound) + " or below -" + fmt(bound)
                    : up ? "above +" + fmt(bound) : "below -" + fmt(bound);
            rule = String.format(Locale.ROOT, "%s is not wholly %s (tolerance %s × |estimate %s|; direction %s)",
                    interval, side, fmt(c.tolerance()), fmt(mw.estimate()), c.direction().spelling());
        }
        boolean critical = c.critical() && ((label == Label.HIGH && effect >= c.criticalIncrease())
                || (label == Label.LOW && effect <= c.criticalDecrease()));
        if (critical) {
            rule += String.format(Locale.ROOT, ", beyond the critical %s %s", label == Label.HIGH ? "increase"
                    : "decrease", fmt(label == Label.HIGH ? c.criticalIncrease() : c.criticalDecrease()));
        }
        return verdict(label, critical, effect, mw, bound, canary, baseline,
                metric + ": " + label.kayenta() + (critical ? " (critical)" : "") + ", " + rule);
    }

    private static Verdict verdict(Label l, boolean critical, double effect, MannWhitney.Result test, double bound,
                                   Prepared canary, Prepared baseline, String explanation) {
        return new Verdict(l, critical, effect, test, bound, canary.sorted.length, baseline.sorted.length, explanation,
                canary.counts(), baseline.counts());
    }

    /** A side after NaN handling and outlier removal, sorted, with what was taken away. */
    record Prepared(double[] sorted, int given, int nan, int infinite, int outliers) {
        Counts counts() {
            return new Counts(given, nan, outliers, sorted.length);
        }
    }

    /** NaN handling, then IQR outlier removal when configured; the result is sorted. */
    static Prepared prepare(double[] values, Config c) {
        int nan = 0, inf = 0;
        double[] v = new double[values.length];
        int k = 0;
        for (double d : values) {
            if (Double.isNaN(d)) {
                nan++;
                if (c.nanStrategy() == NanStrategy.REPLACE) {
                    v[k++] = 0;
                }
            } else {
                if (Double.isInfinite(d)) {
                    inf++;
                }
                v[k++] = d;
            }
        }
        v = Arrays.copyOf(v, k);
        Arrays.sort(v);
        int kept = v.length;
        if (c.removeOutliers() && inf == 0) {
            v = Outliers.removeSorted(v, c.outlierFactor(), c.reduceSensitivity());
        }
        return new Prepared(v, values.length, nan, inf, kept - v.length);
    }

    /**
     * The effect size of sorted samples: mean ratio canary/baseline (see the class comment for a zero mean), or CLES
     * P(canary > baseline) + P(canary = baseline) / 2.
     */
    static double effect(double[] canary, double[] baseline, EffectMeasure m) {
        if (m == EffectMeasure.MEAN_RATIO) {
            double mb = mean(baseline), mc = mean(canary);
            if (mb == 0) {
                return mc == 0 ? 1.0 : Math.copySign(Double.POSITIVE_INFINITY, mc);
            }
            return mc / mb;
        }
        double wins = 0;
        for (double x : canary) {
            int below = MannWhitney.lowerBound(baseline, x), notAbove = MannWhitney.upperBound(baseline, x);
            wins += below + 0.5 * (notAbove - below);
        }
        return wins / ((double) canary.length * baseline.length);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    static String fmt(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        return String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1");
    }
}
