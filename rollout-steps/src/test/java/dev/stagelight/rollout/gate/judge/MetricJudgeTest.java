package dev.stagelight.rollout.gate.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.gate.judge.MetricJudge.Config;
import dev.stagelight.rollout.gate.judge.MetricJudge.Label;
import org.junit.jupiter.api.Test;

/** Kayenta's MannWhitneyClassifier cases, and the rules we add (no data, determinism). */
class MetricJudgeTest {
    private static final Config BASE = Config.defaults().withTolerance(0.10);

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
        Config c = new Config(0.1, 0.95, MetricJudge.Direction.EITHER, MetricJudge.NanStrategy.REMOVE,
                MetricJudge.EffectMeasure.MEAN_RATIO, 1, 1, 1, 1, false, false, true, 1);
        assertEquals(5, MetricJudge.prepare(v, c).length);
    }

    @Test
    void clesCountsTiesAsHalf() {
        assertEquals(0.5, MetricJudge.effect(new double[] {1, 2}, new double[] {1, 2}, MetricJudge.EffectMeasure.CLES), 1e-12);
        assertEquals(1.0, MetricJudge.effect(new double[] {3, 4}, new double[] {1, 2}, MetricJudge.EffectMeasure.CLES), 1e-12);
    }
}
