package dev.stagelight.rollout.gate.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stagelight.rollout.gate.source.PrometheusSource;
import dev.stagelight.rollout.gate.source.RetryPolicy;
import dev.stagelight.rollout.gate.source.TemplateVars;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.testing.OpenMetricsHistory;
import dev.stagelight.rollout.testing.PrometheusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threshold analysis against a real Prometheus holding two hours of generated history (daily seasonality in the
 * traffic, seeded noise), one scenario per {@code stage} label: a healthy canary, one whose error ratio rises, one
 * whose p95 latency rises, one whose series stop, one with too little traffic.
 */
class AnalysisRunnerTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant END = T0.plus(Duration.ofHours(2));
    static final List<String> TENANTS = List.of("acme.eu", "beta");

    static final String GATES = """
            templates:
              - name: canary-health
                metrics:
                  - name: error-ratio
                    query: |
                      sum(rate(policy_eval_requests_total{stage="{{stage}}", group="{{group}}", code="error", tenant=~"{{tenants}}"}[{{interval}}]))
                      / sum(rate(policy_eval_requests_total{stage="{{stage}}", group="{{group}}", tenant=~"{{tenants}}"}[{{interval}}]))
                    interval: 10m
                    count: 6
                    success_condition: canary < 0.05 AND delta < 0.02
                    failure_limit: 1
                    traffic:
                      query: sum(increase(policy_eval_requests_total{stage="{{stage}}", group="{{group}}", tenant=~"{{tenants}}"}[{{interval}}]))
                      min: 100
                  - name: latency-p95
                    query: max(policy_eval_latency_p95_seconds{stage="{{stage}}", group="{{group}}"})
                    interval: 10m
                    count: 6
                    success_condition: ratio <= 1.25
                    failure_limit: 1
              - name: broken
                metrics:
                  - name: bad-promql
                    query: sum(rate(policy_eval_requests_total[{{interval}}])
                    interval: 10m
                    count: 6
                    consecutive_error_limit: 2
                    success_condition: result < 1
            """;

    @TempDir
    static Path dir;
    static PrometheusServer prometheus;
    static AnalysisRunner runner;
    static Map<String, AnalysisTemplate> templates;

    @BeforeAll
    static void start() throws Exception {
        OpenMetricsHistory h = new OpenMetricsHistory();
        Random rnd = new Random(7);
        for (String stage : List.of("healthy", "errors", "latency", "stopped", "lowtraffic")) {
            for (String group : List.of("baseline", "canary")) {
                boolean canary = group.equals("canary");
                for (String tenant : List.of("acme.eu", "beta", "acmexeu")) {
                    long ok = 0, err = 0;
                    for (int m = 0; m <= 120; m++) {
                        Instant t = T0.plus(Duration.ofMinutes(m));
                        if (canary && stage.equals("stopped") && m > 60) {
                            break;
                        }
                        double season = 1 + 0.5 * Math.sin(2 * Math.PI * t.getEpochSecond() / 86400.0);
                        double volume = canary && stage.equals("lowtraffic") ? 0.02 : 1.0;
                        ok += Math.round((100 + rnd.nextInt(20)) * season * volume);
                        double errorShare = tenant.equals("acmexeu") ? 0.5 // a decoy: "acme.eu" unescaped matches it
                                : canary && stage.equals("errors") ? 0.10 : 0.01;
                        err += Math.round((100 * errorShare + rnd.nextInt(2)) * season * volume);
                        Map<String, String> base = Map.of("stage", stage, "group", group, "tenant", tenant);
                        h.add("policy_eval_requests_total", with(base, "code", "ok"), t, ok);
                        h.add("policy_eval_requests_total", with(base, "code", "error"), t, err);
                    }
                }
                for (int m = 0; m <= 120; m++) {
                    if (canary && stage.equals("stopped") && m > 60) {
                        break;
                    }
                    double p95 = (canary && stage.equals("latency") ? 0.35 : 0.20) + 0.02 * rnd.nextGaussian();
                    h.add("policy_eval_latency_p95_seconds", Map.of("stage", stage, "group", group),
                            T0.plus(Duration.ofMinutes(m)), p95);
                }
            }
        }
        prometheus = PrometheusServer.start(dir, h);
        runner = new AnalysisRunner(new PrometheusSource(prometheus.url(), RetryPolicy.defaults(), d -> { }));
        templates = AnalysisTemplates.parse("gates.yaml", GATES, Strictness.STRICT);
    }

    private static Map<String, String> with(Map<String, String> m, String k, String v) {
        Map<String, String> out = new java.util.HashMap<>(m);
        out.put(k, v);
        return out;
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    private static AnalysisRun judge(String stage) {
        return runner.evaluate(templates.get("canary-health"), TemplateVars.stage(stage, TENANTS, Duration.ofMinutes(10)),
                END);
    }

    @Test
    void aHealthyCanaryPasses() {
        AnalysisRun r = judge("healthy");
        assertEquals(Status.SUCCESSFUL, r.status(), r.describe());
        for (MetricRun m : r.metrics()) {
            assertEquals(6, m.measurements().size(), r.describe());
            assertEquals(6, m.count(Status.SUCCESSFUL), r.describe());
        }
        // The last measurements are at --at, the first 50 minutes before, each at its own time.
        MetricRun errors = r.metrics().get(0);
        assertEquals(END.minus(Duration.ofMinutes(50)), errors.measurements().get(0).time());
        assertEquals(END, errors.measurements().get(5).time());
        double canary = errors.measurements().get(5).values().get("canary");
        assertTrue(canary > 0.005 && canary < 0.03, r.describe());
    }

    @Test
    void aRisingErrorRatioFails() {
        AnalysisRun r = judge("errors");
        assertEquals(Status.FAILED, r.status(), r.describe());
        MetricRun errors = r.metrics().get(0);
        assertEquals(Status.FAILED, errors.status());
        assertEquals("2 failed > failure_limit 1", errors.assess().reason());
        // The run stops once it has failed: no measurement after the deciding one.
        assertEquals(2, errors.measurements().size(), r.describe());
        assertTrue(errors.measurements().get(0).reason().startsWith("success_condition `canary < 0.05 AND delta"
                + " < 0.02` is false (canary = 0.0"), errors.measurements().get(0).reason());
    }

    @Test
    void aRisingP95Fails() {
        AnalysisRun r = judge("latency");
        assertEquals(Status.FAILED, r.status(), r.describe());
        assertEquals(Status.FAILED, r.metrics().get(1).status(), r.describe());
        assertTrue(r.metrics().get(1).measurements().get(0).values().get("ratio") > 1.4, r.describe());
    }

    @Test
    void seriesThatStopAreInconclusiveNeverAPass() {
        AnalysisRun r = judge("stopped");
        assertEquals(Status.INCONCLUSIVE, r.status(), r.describe());
        Measurement m = r.metrics().get(1).measurements().get(0);
        assertEquals(Status.INCONCLUSIVE, m.status());
        assertEquals("canary: empty: no series matched", m.reason());
        assertTrue(r.metrics().get(0).measurements().get(0).reason().startsWith("traffic query, canary: empty"),
                r.describe());
    }

    @Test
    void tooLittleTrafficIsInconclusive() {
        AnalysisRun r = judge("lowtraffic");
        assertEquals(Status.INCONCLUSIVE, r.status(), r.describe());
        Measurement m = r.metrics().get(0).measurements().get(0);
        assertTrue(m.reason().startsWith("too little traffic: "), m.reason());
        assertTrue(m.values().get("traffic") < 100, m.reason());
        assertEquals(Status.SUCCESSFUL, r.metrics().get(1).status(), "latency is unaffected by volume");
    }

    @Test
    void aBadQueryErrorsAfterTheConsecutiveErrorLimit() {
        AnalysisRun r = runner.evaluate(templates.get("broken"), TemplateVars.stage("healthy", TENANTS,
                Duration.ofMinutes(10)), END);
        assertEquals(Status.ERROR, r.status(), r.describe());
        MetricRun m = r.metrics().get(0);
        assertEquals(3, m.measurements().size());
        assertEquals("3 consecutive errors > consecutive_error_limit 2", m.assess().reason());
        assertTrue(m.measurements().get(0).reason().startsWith("bad_query: HTTP 400 bad_data:"),
                m.measurements().get(0).reason());
    }

    @Test
    void theEngineAdvancesARunStepByStep() {
        AnalysisTemplate t = templates.get("canary-health");
        TemplateVars vars = TemplateVars.stage("healthy", TENANTS, Duration.ofMinutes(10));
        Instant stageStart = T0.plus(Duration.ofMinutes(60));
        AnalysisRun r = runner.advance(AnalysisRun.start(t, stageStart), vars, stageStart.plus(Duration.ofMinutes(25)));
        assertEquals(Status.RUNNING, r.status(), r.describe());
        assertEquals(3, r.metrics().get(0).measurements().size());
        assertEquals(stageStart.plus(Duration.ofMinutes(30)), r.nextDue().orElseThrow());
        AnalysisRun same = runner.advance(r, vars, stageStart.plus(Duration.ofMinutes(29)));
        assertEquals(r, same);
        AnalysisRun done = runner.advance(r, vars, stageStart.plus(Duration.ofMinutes(50)));
        assertEquals(Status.SUCCESSFUL, done.status(), done.describe());
        assertTrue(done.nextDue().isEmpty());
    }

    @Test
    void theJsonVerdictCarriesQueriesTimesAndValues() {
        JsonNode j = AnalysisJson.toJson(judge("latency"));
        assertEquals("failed", j.get("status").asText());
        JsonNode m = j.get("metrics").get(1);
        assertEquals("latency-p95", m.get("name").asText());
        assertEquals("ratio <= 1.25", m.get("success_condition").asText());
        JsonNode first = m.get("measurements").get(0);
        assertEquals("2026-01-01T01:10:00Z", first.get("time").asText());
        assertEquals("failed", first.get("status").asText());
        assertTrue(first.get("values").get("ratio").asDouble() > 1.4);
        JsonNode q = first.get("queries").get(1);
        assertEquals("max(policy_eval_latency_p95_seconds{stage=\"latency\", group=\"canary\"})", q.get("query").asText());
        assertEquals("2026-01-01T01:10:00Z", q.get("time").asText());
        assertEquals("ok", q.get("outcome").asText());
        JsonNode errors = AnalysisJson.toJson(judge("healthy")).get("metrics").get(0).get("measurements").get(0);
        assertTrue(errors.get("queries").get(0).get("query").asText().contains("tenant=~\"acme\\\\.eu|beta\""),
                errors.toString());
    }
}
