package dev.stagelight.rollout.gate.set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.gate.judge.MetricJudge;
import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.Strictness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateSetFileTest {
    static final String TEMPLATES = """
            templates:
              - name: errors
                args: [{name: max}, {name: service, value: policy}]
                metrics:
                  - name: error-rate
                    query: sum(rate(errors_total{service="{{args.service}}", tenant=~"{{tenants}}"}[{{interval}}]))
                    interval: 5m
                    success_condition: result < {{args.max}}
            """;

    static GateSet parse(String text) {
        return GateSetFile.parse("gates.yaml", text, Strictness.STRICT);
    }

    @Test
    void argumentsAreSubstitutedIntoQueriesAndConditions() {
        GateSet s = parse(TEMPLATES + """
                analysis:
                  - template: errors
                    args: {max: 0.05, service: "checkout"}
                """);
        var metric = s.analysis().get(0).metrics().get(0);
        assertEquals("sum(rate(errors_total{service=\"checkout\", tenant=~\"{{tenants}}\"}[{{interval}}]))",
                metric.query().text());
        assertEquals("result < 0.05", metric.successCondition().text().strip());
        assertEquals(List.of(new TemplateUse("errors", Map.of("max", "0.05", "service", "checkout"))), s.uses());
        // A stage's own uses of the same library, defaults filling the rest.
        GateSet stage = s.withAnalysis(List.of(new TemplateUse("errors", Map.of("max", "0.01"))), "stage canary");
        assertTrue(stage.analysis().get(0).metrics().get(0).query().text().contains("service=\"policy\""));
    }

    @Test
    void aMissingOrUnknownArgumentNamesTheUse() {
        InputException missing = assertThrows(InputException.class, () -> parse(TEMPLATES + """
                analysis:
                  - template: errors
                """));
        assertTrue(missing.getMessage().contains("gates.yaml") && missing.getMessage().contains("/analysis/0")
                && missing.getMessage().contains("needs argument 'max'"), missing.getMessage());
        InputException unknown = assertThrows(InputException.class, () -> parse(TEMPLATES + """
                analysis:
                  - template: errors
                    args: {max: 1, maximum: 2}
                """));
        assertTrue(unknown.getMessage().contains("no argument 'maximum'"), unknown.getMessage());
        InputException template = assertThrows(InputException.class, () -> parse(TEMPLATES + """
                analysis:
                  - template: error
                    args: {max: 1}
                """));
        assertTrue(template.getMessage().contains("no analysis template 'error' (have: errors)"), template.getMessage());
        IllegalArgumentException stage = assertThrows(IllegalArgumentException.class, () -> parse(TEMPLATES + """
                analysis: [{template: errors, args: {max: 1}}]
                """).withAnalysis(List.of(new TemplateUse("errors", Map.of())), "plan stage canary"));
        assertTrue(stage.getMessage().startsWith("plan stage canary: template 'errors' needs argument 'max'"),
                stage.getMessage());
    }

    @Test
    void anUndeclaredArgumentInATemplateIsReportedWhereItIsUsed() {
        InputException e = assertThrows(InputException.class, () -> parse("""
                templates:
                  - name: t
                    metrics:
                      - name: m
                        query: x{a="{{args.a}}"}
                        interval: 1m
                        success_condition: result < 1
                analysis: [{template: t}]
                """));
        assertTrue(e.getMessage().contains("/templates/0/metrics/0/query") && e.getMessage().contains("{{args.a}}"),
                e.getMessage());
    }

    @Test
    void judgedMetricsProbesGuardAndCohorts() {
        GateSet s = parse("""
                name: g
                min_traffic: {query: 'sum(increase(r{group="{{group}}"}[1h]))', min: 500}
                judge:
                  - name: p95
                    query: max(p95{group="{{group}}"})
                    window: 1h
                    step: 30s
                    direction: increase
                    tolerance: 0.1
                    allowed_increase: 1.2
                    critical_increase: 2
                    effect: cles
                    min_samples: 10
                probes:
                  - {name: api, url: "http://127.0.0.1:1/healthz", expected_status: [200, 204], timeout: 2s, failure_limit: 3}
                cohorts: {label: tier, decisive: [gold]}
                """);
        assertEquals("g", s.name());
        assertEquals(500, s.guard().min());
        MetricJudge.Config c = s.judge().get(0).config();
        assertEquals(MetricJudge.Direction.INCREASE, c.direction());
        assertEquals(MetricJudge.EffectMeasure.CLES, c.effectMeasure());
        assertTrue(c.critical());
        assertEquals(2.0, c.criticalIncrease());
        assertEquals(10, c.minSamples());
        assertEquals(java.util.Set.of(200, 204), s.probes().get(0).expectedStatus());
        assertEquals(new CohortSpec("tier", List.of("gold")), s.cohorts());
    }

    @Test
    void badFieldsAreLocated() {
        for (String[] c : new String[][] {
                {"judge: [{name: a, query: 'max(x)', window: 1h}]", "/judge/0/query"},
                {"judge: [{name: a, query: 'max(x{group=\"{{group}}\"})', window: 1h, direction: up}]", "/judge/0/direction"},
                {"judge: [{name: a, query: 'max(x{group=\"{{group}}\"})', window: 1h, confidence: 1}]", "/judge/0/confidence"},
                {"probes: [{name: a, url: 'ftp://x/'}]", "/probes/0/url"},
                {"probes: [{name: a, url: 'http://x/', expected_status: [700]}]", "/probes/0/expected_status/0"},
                {"probes: [{name: a, url: 'http://x/'}]\nmin_traffic: {query: 'x', min: -1}", "/min_traffic/min"},
                {"probes: [{name: a, url: 'http://x/'}]\ncohorts: {decisive: [a]}", "/cohorts"},
                {"probes: [{name: a, url: 'http://x/'}]\nextra: 1", "extra"},
                {"name: nothing", "nothing to evaluate"}}) {
            InputException e = assertThrows(InputException.class, () -> parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains("gates.yaml") && e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void theExampleLoads() {
        GateSet s = GateSetFile.load(Path.of("../examples/gates/canary-gates.yaml"), Strictness.STRICT);
        assertEquals("canary-gates", s.name());
        assertEquals(1, s.analysis().size());
        assertEquals(2, s.judge().size());
        assertEquals(1000, s.guard().min());
    }
}
