package dev.stagelight.rollout.gate.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.gate.judge.MetricJudge.Config;
import dev.stagelight.rollout.gate.judge.MetricJudge.Label;
import org.junit.jupiter.api.Test;

/** Kayenta's MannWhitneyClassifier cases, and the rules we add (no data, determinism). */
class MetricJudgeTest {
    private static final Config BASE = Config.defaults().withTolerance(0.10).withConfidence(0.95);

    @Test
    void meanRatioEffectSizeHigh() {
        MetricJudge.Verdict v = MetricJudge.judge("latency", new double[] {20, 22, 21, 25, 30},
                new double[] {1, 2.2, 1.1, 2.5, 3.0}, BASE.withEffect(0.8, 1.2));
        assertEquals(Label.HIGH, v.label(), v.explanation());
        assertTrue(v.effect() > 10, v.explanation());
    }

    @Test
    void meanRatioEffectSizeWithinAllowedIsPass() {
        MetricJudge.Verdict v = MetricJudge.judge("latency", new double[] {10, 12.2, 10.1, 12.5, 23},
                new double[] {20, 22, 21, 25, 30}, BASE.withEffect(0.5, 1.0));
        assertEquals(Label.PASS, v.label(), v.explanation());
    }

    @Test
    void mirroredDataIsLowUnlessOnlyIncreasesCount() {
        double[] canary = {1, 2.2, 1.1, 2.5, 3.0};
        double[] baseline = {20, 22, 21, 25, 30};
        MetricJudge.Verdict v = MetricJudge.judge("latency", canary, baseline, BASE.withEffect(0.8, 1.2));
        assertEquals(Label.LOW, v.label(), v.explanation());
        assertEquals(Label.PASS, MetricJudge.judge("latency", canary, baseline,
                BASE.withEffect(0.8, 1.2).withDirection(MetricJudge.Direction.INCREASE)).label());
    }

    @Test
    void criticalThresholdMarksTheVerdict() {
        MetricJudge.Verdict v = MetricJudge.judge("errors", new double[] {20, 22, 21, 25, 30},
                new double[] {1, 2.2, 1.1, 2.5, 3.0}, BASE.withEffect(0.8, 1.2).withCritical(0.5, 5.0));
        assertTrue(v.critical(), v.explanation());
        MetricJudge.Verdict notCritical = MetricJudge.judge("errors", new double[] {20, 22, 21, 25, 30},
                new double[] {1, 2.2, 1.1, 2.5, 3.0}, BASE.withEffect(0.8, 1.2).withCritical(0.5, 50.0));
        assertFalse(notCritical.critical(), notCritical.explanation());
    }

    @Test
    void tooLittleDataIsNoDataNeverAPass() {
        MetricJudge.Verdict v = MetricJudge.judge("errors", new double[] {Double.NaN, Double.NaN},
                new double[] {1, 2}, BASE);
        assertEquals(Label.NODATA, v.label(), v.explanation());
        assertTrue(v.explanation().contains("no data"), v.explanation());
    }

    @Test
    void constantSamplesAreJudgedWithoutNoiseAndRepeatably() {
        double[] canary = {5, 5, 5, 5, 5, 5};
        double[] baseline = {3, 3, 3, 3, 3, 3};
        MetricJudge.Verdict a = MetricJudge.judge("m", canary, baseline, BASE);
        MetricJudge.Verdict b = MetricJudge.judge("m", canary, baseline, BASE);
        assertEquals(Label.HIGH, a.label(), a.explanation());
        assertEquals(2.0, a.test().lower(), 0);
        assertEquals(2.0, a.test().estimate(), 0);
        assertEquals(a, b);
    }

    @Test
    void outliersRemovedByIqrWhenAsked() {
        double[] v = {1, 2, 3, 4, 5, 100};
        // Tukey's fences at 1.5 IQR (quartiles 1.75 and 28.75 by position p(n + 1)) drop 100 ...
        MetricJudge.Prepared p = MetricJudge.prepare(v, BASE.withOutliers(true, 1.5, false));
        assertEquals(5, p.sorted().length);
        assertEquals(1, p.outliers());
        // ... Kayenta's reduced sensitivity widens them to the 1st/99th percentiles, which keeps small samples whole.
        assertEquals(6, MetricJudge.prepare(v, BASE.withOutliers(true, 3.0, true)).sorted().length);
        assertEquals(6, MetricJudge.prepare(v, BASE.withOutliers(false, 3.0, true)).sorted().length);
    }

    @Test
    void clesCountsTiesAsHalf() {
        assertEquals(0.5, MetricJudge.effect(new double[] {1, 2}, new double[] {1, 2}, MetricJudge.EffectMeasure.CLES), 1e-12);
        assertEquals(1.0, MetricJudge.effect(new double[] {3, 4}, new double[] {1, 2}, MetricJudge.EffectMeasure.CLES), 1e-12);
    }
    @Test
    void infiniteValuesAreAnErrorNotAPass() {
        MetricJudge.Verdict v = MetricJudge.judge("latency", new double[] {1, Double.POSITIVE_INFINITY, 2},
                new double[] {1, 2, 3}, BASE);
        assertEquals(Label.ERROR, v.label(), v.explanation());
        assertTrue(v.explanation().contains("infinite"), v.explanation());
    }

    @Test
    void nanStrategyRemovesOrReplacesWithZero() {
        double[] canary = {5, Double.NaN, 6, Double.NaN, 7};
        MetricJudge.Prepared removed = MetricJudge.prepare(canary, BASE);
        assertEquals(3, removed.sorted().length);
        assertEquals(2, removed.nan());
        MetricJudge.Prepared replaced = MetricJudge.prepare(canary, BASE.withNanStrategy(MetricJudge.NanStrategy.REPLACE));
        assertEquals(5, replaced.sorted().length);
        assertEquals(0.0, replaced.sorted()[0], 0);
        // All NaN: no data under remove; under replace a side of zeros is data, judged against the baseline.
        double[] allNan = {Double.NaN, Double.NaN, Double.NaN};
        assertEquals(Label.NODATA, MetricJudge.judge("m", allNan, new double[] {1, 2, 3}, BASE).label());
        assertEquals(Label.LOW, MetricJudge.judge("m", allNan, new double[] {1, 2, 3},
                BASE.withNanStrategy(MetricJudge.NanStrategy.REPLACE)).label());
    }

    @Test
    void minimumSamplesAndRequiredData() {
        double[] canary = {5, 6, 7}, baseline = {1, 2, 3};
        MetricJudge.Verdict few = MetricJudge.judge("m", canary, baseline, BASE.withMinSamples(4));
        assertEquals(Label.NODATA, few.label(), few.explanation());
        assertEquals(3, few.canary().used());
        assertEquals(Label.NODATA_FAIL, MetricJudge.judge("m", canary, baseline,
                BASE.withMinSamples(4).withDataRequired(true)).label());
        // A critical metric without data stays Nodata but is marked critical: the run cannot pass on it.
        MetricJudge.Verdict critical = MetricJudge.judge("m", new double[0], baseline, BASE.withCritical(0.5, 2));
        assertEquals(Label.NODATA, critical.label());
        assertTrue(critical.critical());
    }

    @Test
    void riseFromAZeroBaselineIsAnInfiniteRatio() {
        double[] canary = {0, 3, 4, 5, 6, 7}, baseline = {0, 0, 0, 0, 0, 0};
        MetricJudge.Verdict v = MetricJudge.judge("errors", canary, baseline, BASE.withEffect(0.8, 1.2));
        assertEquals(Double.POSITIVE_INFINITY, v.effect());
        assertEquals(Label.HIGH, v.label(), v.explanation());
        assertEquals(0.0, MetricJudge.effect(new double[] {0, 0}, new double[] {1, 2}, MetricJudge.EffectMeasure.MEAN_RATIO), 0);
        assertEquals(1.0, MetricJudge.effect(new double[] {0, 0}, new double[] {0, 0}, MetricJudge.EffectMeasure.MEAN_RATIO), 0);
    }

    @Test
    void clesEffectSizeClassifies() {
        Config cles = BASE.withEffectMeasure(MetricJudge.EffectMeasure.CLES).withEffect(0.3, 0.7);
        MetricJudge.Verdict v = MetricJudge.judge("latency", new double[] {20, 22, 21, 25, 30},
                new double[] {1, 2.2, 1.1, 2.5, 3.0}, cles);
        assertEquals(1.0, v.effect(), 0);
        assertEquals(Label.HIGH, v.label(), v.explanation());
    }

    @Test
    void knownAnswersUseTheTestsInterval() {
        MetricJudge.Verdict v = MetricJudge.judge("latency", new double[] {20, 22, 21, 25, 30},
                new double[] {1, 2.2, 1.1, 2.5, 3.0}, BASE.withEffect(0.8, 1.2));
        assertTrue(v.test().exact());
        assertTrue(v.test().lower() > v.bound(), v.explanation());
        assertEquals(0.10 * Math.abs(v.test().estimate()), v.bound(), 1e-12);
        assertEquals(5, v.canary().given());
        assertEquals(5, v.baseline().used());
    }
}
