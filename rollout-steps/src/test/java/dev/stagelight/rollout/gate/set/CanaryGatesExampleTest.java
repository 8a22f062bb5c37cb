package dev.stagelight.rollout.gate.set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stagelight.rollout.gate.probe.HttpProber;
import dev.stagelight.rollout.gate.source.PrometheusSource;
import dev.stagelight.rollout.gate.source.RetryPolicy;
import dev.stagelight.rollout.gate.source.TemplateVars;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.testing.CanaryHistory;
import dev.stagelight.rollout.testing.CanaryHistory.Scenario;
import dev.stagelight.rollout.testing.PrometheusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code examples/gates/canary-gates.yaml}, unchanged, against a real Prometheus holding four days of
 * generated history (daily seasonality, noise), one scenario a day: a rising error ratio and a rising p95 fail, a
 * healthy canary passes, a canary whose series stop is inconclusive.
 */
class CanaryGatesExampleTest {
    static final Path EXAMPLE = Path.of("../examples/gates/canary-gates.yaml");

    @TempDir
    static Path dir;
    static PrometheusServer prometheus;
    static GateEvaluator evaluator;
    static GateSet gates;

    @BeforeAll
    static void start() throws Exception {
        prometheus = PrometheusServer.start(dir, CanaryHistory.generate(27));
        evaluator = new GateEvaluator(new PrometheusSource(prometheus.url(), RetryPolicy.defaults(), d -> { }),
                new HttpProber());
        gates = GateSetFile.load(EXAMPLE, Strictness.STRICT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    static GateVerdict verdict(Scenario s) {
        return evaluator.evaluate(gates, TemplateVars.stage("canary", List.of(), Duration.ofMinutes(5)),
                CanaryHistory.at(s));
    }

    static GateVerdict.Evidence part(GateVerdict v, String name) {
        return v.evidence().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() ->
                new AssertionError("no part " + name + " in\n" + v.describe()));
    }

    @Test
    void aHealthyCanaryPasses() {
        GateVerdict v = verdict(Scenario.HEALTHY);
        assertEquals(GateStatus.PASS, v.status(), v.describe());
        assertEquals(4, v.evidence().size(), v.describe()); // guard, one analysis metric, two judged metrics
        assertTrue(v.guard().values().get("canary") >= 1000, v.describe());
    }

    @Test
    void aRisingErrorRatioFails() {
        GateVerdict v = verdict(Scenario.ERRORS);
        assertEquals(GateStatus.FAILED, v.status(), v.describe());
        assertEquals(GateStatus.FAILED, part(v, "error-ratio/canary-error-ratio").status(), v.describe());
        assertEquals(GateStatus.FAILED, part(v, "error-ratio-vs-baseline").status(), v.describe());
        assertEquals(GateStatus.PASS, part(v, "latency-p95-vs-baseline").status(), v.describe());
        assertTrue(v.rule().contains("error-ratio"), v.rule());
    }

    @Test
    void aRisingP95Fails() {
        GateVerdict v = verdict(Scenario.LATENCY);
        assertEquals(GateStatus.FAILED, v.status(), v.describe());
        GateVerdict.Evidence p95 = part(v, "latency-p95-vs-baseline");
        assertEquals(GateStatus.FAILED, p95.status(), v.describe());
        assertTrue(p95.reason().toUpperCase(java.util.Locale.ROOT).contains("HIGH"), p95.reason());
        assertEquals(GateStatus.PASS, part(v, "error-ratio/canary-error-ratio").status(), v.describe());
    }

    @Test
    void stoppedSeriesAreInconclusive() {
        GateVerdict v = verdict(Scenario.STOPPED);
        assertEquals(GateStatus.INCONCLUSIVE, v.status(), v.describe());
        assertEquals(GateStatus.INCONCLUSIVE, part(v, "error-ratio/canary-error-ratio").status(), v.describe());
    }

    @Test
    void theJsonVerdictCarriesTheQueriesAsSentAndTheStatistics() {
        GateVerdict v = verdict(Scenario.LATENCY);
        JsonNode j = VerdictJson.toJson(v);
        assertEquals("failed", j.get("status").asText());
        assertEquals(CanaryHistory.at(Scenario.LATENCY).toString(), j.get("at").asText());
        JsonNode p95 = j.get("judge").get(1);
        assertEquals("HIGH", p95.get("label").asText(), p95.toString());
        assertTrue(p95.get("test").get("lower").asDouble() > 0, p95.toString());
        assertTrue(p95.get("queries").get(1).get("query").asText().contains("group=\"canary\""), p95.toString());
        assertEquals(4, j.get("evidence").size());
        String svg = VerdictChart.svg(GateOutcome.single(v));
        assertTrue(svg.startsWith("<svg") && svg.contains("<polyline") && svg.contains("stroke-dasharray"), svg);
    }

    @Test
    void adaptiveRulesJudgeTheCanaryAgainstItsOwnHistory() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("adaptive-rules.yaml"), """
                rules:
                  - id: canary-error-ratio
                    baseline: flat
                    window: 6h
                    threshold: 4
                    direction: increase
                    consecutive: 2
                """);
        java.nio.file.Files.writeString(dir.resolve("adaptive-gates.yaml"), """
                name: adaptive
                adaptive:
                  rules: adaptive-rules.yaml
                  metrics:
                    - rule: canary-error-ratio
                      query: |
                        sum(rate(policy_eval_requests_total{group="canary", code="error"}[5m]))
                        / sum(rate(policy_eval_requests_total{group="canary"}[5m]))
                      step: 5m
                """);
        GateSet adaptive = GateSetFile.load(dir.resolve("adaptive-gates.yaml"), Strictness.STRICT);
        TemplateVars vars = TemplateVars.stage("canary", List.of(), Duration.ofMinutes(5));
        GateVerdict healthy = evaluator.evaluate(adaptive, vars, CanaryHistory.at(Scenario.HEALTHY));
        assertEquals(GateStatus.PASS, healthy.status(), healthy.describe());
        GateVerdict errors = evaluator.evaluate(adaptive, vars, CanaryHistory.at(Scenario.ERRORS));
        assertEquals(GateStatus.FAILED, errors.status(), errors.describe());
        assertTrue(errors.adaptive().get(0).reason().contains("ANOMALY"), errors.describe());
        JsonNode j = VerdictJson.toJson(errors).get("adaptive").get(0);
        assertTrue(j.get("z").asDouble() > 4, j.toString());
        assertEquals(73, j.get("queries").get(0).get("series").get(0).get("samples").size(), j.toString());
    }
}
