package dev.stagelight.rollout.gate.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.Strictness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JudgeConfigsTest {
    private static JudgeConfig parse(String name, String text) {
        return JudgeConfigs.parse(name, text, Strictness.STRICT).value();
    }

    private static InputException bad(String text) {
        return assertThrows(InputException.class, () -> parse("judge.yaml", text));
    }

    @Test
    void readsEverySettingAndMetricsOverrideTheDefaults() {
        JudgeConfig c = parse("judge.yaml", """
                thresholds: {pass: 80, marginal: 60}
                group_weights: {latency: 70}
                defaults:
                  tolerance: 0.1
                  confidence: 0.95
                  nan_strategy: replace
                  effect_size: {measure: cles, allowed_decrease: 0.4, allowed_increase: 0.6}
                  outliers: {remove: false}
                  min_samples: 10
                metrics:
                  - name: latency_p95
                    groups: [latency]
                    direction: increase
                    critical: true
                    effect_size: {allowed_increase: 0.7, critical_increase: 0.9}
                    outliers: {remove: true, factor: 1.5, reduce_sensitivity: false}
                  - name: errors
                    must_have_data: true
                """);
        assertEquals(80, c.passThreshold());
        assertEquals(60, c.marginalThreshold());
        assertEquals(Map.of("latency", 70.0), c.groupWeights());
        MetricJudge.Config p95 = c.metrics().get(0).config();
        assertEquals(0.1, p95.tolerance());
        assertEquals(0.95, p95.confidence());
        assertEquals(MetricJudge.Direction.INCREASE, p95.direction());
        assertEquals(MetricJudge.NanStrategy.REPLACE, p95.nanStrategy());
        assertEquals(MetricJudge.EffectMeasure.CLES, p95.effectMeasure());
        assertEquals(0.4, p95.allowedDecrease());
        assertEquals(0.7, p95.allowedIncrease());
        assertEquals(0.9, p95.criticalIncrease());
        assertTrue(p95.critical());
        assertTrue(p95.removeOutliers());
        assertEquals(1.5, p95.outlierFactor());
        assertEquals(10, p95.minSamples());
        MetricJudge.Config errors = c.metrics().get(1).config();
        assertEquals(List.of(JudgeConfig.DEFAULT_GROUP), c.metrics().get(1).groups());
        assertTrue(errors.dataRequired());
        assertEquals(MetricJudge.Direction.EITHER, errors.direction());
        assertEquals(false, errors.removeOutliers());
    }

    @Test
    void jsonWorksTooAndAnEmptyConfigIsKayentasDefaults() {
        JudgeConfig c = parse("judge.json", "{\"metrics\": [{\"name\": \"m\", \"direction\": \"decrease\"}]}");
        assertEquals(MetricJudge.Direction.DECREASE, c.metrics().get(0).config().direction());
        JudgeConfig d = parse("judge.yaml", "{}");
        assertEquals(0.98, d.defaults().confidence());
        assertEquals(0.25, d.defaults().tolerance());
        assertEquals(75, d.passThreshold());
    }

    @Test
    void errorsNameTheFileThePositionAndTheField() {
        InputException e = bad("defaults:\n  confidence: 1.5\n");
        assertEquals("judge.yaml:2:15: /defaults/confidence: expected a confidence between 0 and 1 (exclusive), got 1.5",
                e.getMessage());
        assertEquals("/metrics/0/direction", bad("metrics:\n  - name: m\n    direction: up\n").field());
        assertTrue(bad("metrics:\n  - name: m\n    direction: up\n").getMessage()
                .contains("expected one of increase, decrease, either"));
        assertEquals("/metrics/0/effect_size", bad("""
                metrics:
                  - name: m
                    effect_size: {allowed_decrease: 1.5, allowed_increase: 1.2}
                """).field());
        assertEquals("/thresholds", bad("thresholds: {pass: 40, marginal: 60}\n").field());
        assertEquals("/group_weights", bad("""
                group_weights: {a: 70, b: 50}
                metrics: [{name: x, groups: [a]}, {name: y, groups: [b]}]
                """).field());
        assertTrue(bad("group_weights: {c: 10}\nmetrics: [{name: x, groups: [a]}]\n").getMessage()
                .contains("no metric is in group 'c'"));
        assertTrue(bad("metrics: [{name: x}, {name: x}]\n").getMessage().contains("listed twice"));
        assertTrue(bad("defaults: {tolerence: 0.1}\n").getMessage().contains("unknown field 'tolerence'"));
        assertEquals("/defaults/min_samples", bad("defaults: {min_samples: 0}\n").field());
        assertEquals("/metrics/0/name", bad("metrics: [{groups: [a]}]\n").field());
    }

    @Test
    void samplesAreListsOfValuesOrTimeValuePairs() {
        Map<String, double[]> s = JudgeSamples.parse("canary.yaml", """
                metrics:
                  latency: [0.2, 0.3, "NaN", .nan]
                  errors: [[1767225600, 0.01], [1767225660, "+Inf"]]
                """);
        assertEquals(List.of("latency", "errors"), List.copyOf(s.keySet()));
        assertEquals(4, s.get("latency").length);
        assertTrue(Double.isNaN(s.get("latency")[2]) && Double.isNaN(s.get("latency")[3]));
        assertEquals(Double.POSITIVE_INFINITY, s.get("errors")[1]);
        InputException e = assertThrows(InputException.class,
                () -> JudgeSamples.parse("canary.json", "{\"metrics\": {\"latency\": [0.2, \"fast\"]}}"));
        assertEquals("/metrics/latency/1", e.field());
        assertTrue(e.getMessage().startsWith("canary.json:1:"), e.getMessage());
        assertEquals("/metrics", assertThrows(InputException.class, () -> JudgeSamples.parse("b.yaml", "{}"))
                .field());
    }
    @Test
    void jsonSamplesAreStreamedWithTheSameFormAndLocatedErrors() {
        Map<String, double[]> s = JudgeSamples.parse("canary.json",
                "{\"metrics\": {\"a\": [1, 2.5, \"NaN\", \"-Inf\"], \"b\": [[1767225600, 0.5], [\"2026-01-01T00:00:00Z\", 7]]}}");
        assertEquals(4, s.get("a").length);
        assertEquals(Double.NEGATIVE_INFINITY, s.get("a")[3]);
        assertEquals(7.0, s.get("b")[1]);
        InputException unknown = assertThrows(InputException.class,
                () -> JudgeSamples.parse("c.json", "{\"metric\": {}}"));
        assertEquals("/metric", unknown.field());
        InputException pair = assertThrows(InputException.class,
                () -> JudgeSamples.parse("c.json", "{\"metrics\": {\"a\": [[1, 2, 3]]}}"));
        assertEquals("/metrics/a/0", pair.field());
        InputException broken = assertThrows(InputException.class,
                () -> JudgeSamples.parse("c.json", "{\"metrics\": {\"a\": [1, 2}}"));
        assertTrue(broken.getMessage().startsWith("c.json:1:"), broken.getMessage());
        assertTrue(broken.getMessage().contains("not valid JSON"), broken.getMessage());
        assertEquals("/metrics/a", assertThrows(InputException.class,
                () -> JudgeSamples.parse("c.json", "{\"metrics\": {\"a\": [1], \"a\": [2]}}")).field());
    }
}
