package dev.stagelight.rollout.gate.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.gate.judge.CanaryJudge.Outcome;
import dev.stagelight.rollout.gate.judge.JudgeConfig.MetricSpec;
import dev.stagelight.rollout.gate.judge.MetricJudge.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NetflixACAJudge scoring: groups, weights, thresholds, critical metrics, no data. */
class CanaryJudgeTest {
    private static final Config C = Config.defaults().withTolerance(0.10).withConfidence(0.95);
    private static final double[] LOW_SIDE = {1, 2.2, 1.1, 2.5, 3.0};
    private static final double[] HIGH_SIDE = {20, 22, 21, 25, 30};
    private static final double[] SAME = {5, 6, 7, 8, 9};

    private static MetricSpec spec(String name, String group, Config c) {
        return new MetricSpec(name, List.of(group), c);
    }

    private static JudgeConfig config(Map<String, Double> weights, MetricSpec... metrics) {
        return new JudgeConfig(C, List.of(metrics), weights, 75, 50);
    }

    /** Canary and baseline maps: metrics named "high*" rise in the canary, "ok*" do not move. */
    private static CanaryJudge.Result run(JudgeConfig cfg) {
        Map<String, double[]> canary = new LinkedHashMap<>(), baseline = new LinkedHashMap<>();
        for (MetricSpec m : cfg.metrics()) {
            if (m.name().startsWith("high")) {
                canary.put(m.name(), HIGH_SIDE);
                baseline.put(m.name(), LOW_SIDE);
            } else if (m.name().startsWith("ok")) {
                canary.put(m.name(), SAME);
                baseline.put(m.name(), SAME);
            }
        }
        return CanaryJudge.judge(cfg, canary, baseline);
    }

    @Test
    void groupScoreIsTheShareOfPassingMetricsAndTheRunTheirWeightedSum() {
        // latency: 1 of 2 pass (50), errors: 2 of 2 (100); weights 60 / 40 -> 0.6 * 50 + 0.4 * 100 = 70: marginal.
        CanaryJudge.Result r = run(config(Map.of("latency", 60.0, "errors", 40.0),
                spec("high-p95", "latency", C), spec("ok-p50", "latency", C),
                spec("ok-5xx", "errors", C), spec("ok-4xx", "errors", C)));
        assertEquals(70.0, r.score(), 1e-9);
        assertEquals(Outcome.MARGINAL, r.outcome(), r.reason());
        assertEquals(50.0, r.groups().get(0).score(), 1e-9);
        assertEquals(100.0, r.groups().get(1).score(), 1e-9);
    }

    @Test
    void unweightedGroupsShareTheRestEqually() {
        // errors has 40; latency and saturation share 60 -> 30 each: 0.3 * 0 + 0.3 * 100 + 0.4 * 100 = 70.
        CanaryJudge.Result r = run(config(Map.of("errors", 40.0), spec("high-p95", "latency", C),
                spec("ok-cpu", "saturation", C), spec("ok-5xx", "errors", C)));
        assertEquals(30.0, r.groups().get(0).weight(), 1e-9);
        assertEquals(70.0, r.score(), 1e-9);
        // Without weights every group weighs the same: 2 of 3 groups pass -> 66.67, rounded to two places.
        CanaryJudge.Result even = run(config(Map.of(), spec("high-p95", "latency", C), spec("ok-cpu", "saturation", C),
                spec("ok-5xx", "errors", C)));
        assertEquals(66.67, even.score(), 0);
        assertEquals(Outcome.MARGINAL, even.outcome());
    }

    @Test
    void thresholdsDecidePassMarginalFail() {
        assertEquals(Outcome.PASS, run(config(Map.of(), spec("ok-a", "g", C), spec("ok-b", "g", C))).outcome());
        CanaryJudge.Result fail = run(config(Map.of(), spec("high-a", "g", C), spec("high-b", "g", C),
                spec("ok-c", "g", C)));
        assertEquals(33.33, fail.score(), 0);
        assertEquals(Outcome.FAIL, fail.outcome(), fail.reason());
    }

    @Test
    void aFailingCriticalMetricFailsTheRunWhateverTheScore() {
        Config critical = C.withCritical(1.0, 1.0);
        CanaryJudge.Result r = run(config(Map.of(), spec("high-errors", "errors", critical), spec("ok-1", "other", C),
                spec("ok-2", "other", C), spec("ok-3", "other", C), spec("ok-4", "other", C)));
        assertEquals(Outcome.FAIL, r.outcome());
        assertEquals(0.0, r.score(), 0);
        assertTrue(r.reason().startsWith("critical metric failed: high-errors"), r.reason());
        // Below the critical increase the metric only counts as a failing metric: 1 of 2 groups -> 50, marginal.
        CanaryJudge.Result mild = run(config(Map.of(), spec("high-errors", "errors", C.withCritical(1.0, 100.0)),
                spec("ok-1", "other", C)));
        assertEquals(Outcome.MARGINAL, mild.outcome(), mild.reason());
    }

    @Test
    void noDataIsNeverAPass() {
        // Half the metrics without data: not scored, inconclusive.
        CanaryJudge.Result half = run(config(Map.of(), spec("missing", "a", C), spec("ok-1", "b", C)));
        assertEquals(Outcome.NODATA, half.outcome(), half.reason());
        assertTrue(Double.isNaN(half.score()));
        // A group with no data is left out and the others' weights scaled (Kayenta would count it as 100).
        CanaryJudge.Result r = run(config(Map.of("a", 50.0, "b", 50.0), spec("missing", "a", C),
                spec("high-1", "b", C), spec("ok-2", "b", C), spec("ok-3", "b", C)));
        assertEquals(66.67, r.score(), 0);
        assertTrue(r.groups().get(0).noData());
        assertEquals(100.0, r.groups().get(1).weight(), 1e-9);
        // A critical metric without data fails the run; one that must have data counts as failing in its group.
        assertEquals(Outcome.FAIL, run(config(Map.of(), spec("missing", "a", C.withCritical(1, 1)),
                spec("ok-1", "b", C), spec("ok-2", "b", C))).outcome());
        CanaryJudge.Result required = run(config(Map.of(), spec("missing", "a", C.withDataRequired(true)),
                spec("ok-1", "b", C), spec("ok-2", "b", C)));
        assertEquals(0.0, required.groups().get(0).score(), 0);
        assertEquals(50.0, required.score(), 0);
        assertEquals(Outcome.NODATA, CanaryJudge.judge(JudgeConfig.kayenta(), Map.of(), Map.of()).outcome());
    }

    @Test
    void withoutListedMetricsEveryMetricFoundIsJudgedWithTheDefaults() {
        CanaryJudge.Result r = CanaryJudge.judge(JudgeConfig.kayenta(), Map.of("latency", HIGH_SIDE),
                Map.of("latency", LOW_SIDE));
        assertEquals(1, r.metrics().size());
        assertEquals(JudgeConfig.DEFAULT_GROUP, r.groups().get(0).name());
        assertEquals(MetricJudge.Label.HIGH, r.metrics().get(0).verdict().label());
        assertEquals(Outcome.FAIL, r.outcome());
    }

    @Test
    void aMetricMayScoreInSeveralGroups() {
        CanaryJudge.Result r = run(config(Map.of(), new MetricSpec("high-p95", List.of("latency", "slo"), C),
                spec("ok-1", "slo", C)));
        assertEquals(0.0, r.groups().get(0).score(), 0);
        assertEquals(50.0, r.groups().get(1).score(), 0);
        assertEquals(25.0, r.score(), 0);
    }
    @Test
    void parallelJudgingIsDeterministicAndKeepsTheConfigsOrder() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        Map<String, double[]> canary = new LinkedHashMap<>(), baseline = new LinkedHashMap<>();
        List<MetricSpec> specs = new java.util.ArrayList<>();
        for (int m = 0; m < 40; m++) {
            double[] c = new double[300], b = new double[300];
            for (int i = 0; i < 300; i++) {
                c[i] = Math.round((1 + (m % 4 == 0 ? 0.3 : 0)) * (1 + rnd.nextDouble()) * 100) / 100.0;
                b[i] = Math.round((1 + rnd.nextDouble()) * 100) / 100.0;
            }
            canary.put("m" + m, c);
            baseline.put("m" + m, b);
            specs.add(spec("m" + m, "g" + (m % 3), C));
        }
        JudgeConfig cfg = new JudgeConfig(C, specs, Map.of(), 75, 50);
        CanaryJudge.Result a = CanaryJudge.judge(cfg, canary, baseline);
        CanaryJudge.Result b = CanaryJudge.judge(cfg, canary, baseline);
        assertEquals(a, b);
        for (int m = 0; m < 40; m++) {
            assertEquals("m" + m, a.metrics().get(m).spec().name());
        }
        assertEquals(10, a.metrics().stream().filter(r -> r.verdict().label() == MetricJudge.Label.HIGH).count());
    }
}
