package dev.stagelight.rollout.gate.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.Strictness;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnalysisTemplatesTest {
    private static String load(String metric) {
        return assertThrows(InputException.class, () -> AnalysisTemplates.parse("g.yaml", """
                templates:
                  - name: t
                    metrics:
                      - name: m
                """ + metric, Strictness.STRICT)).getMessage();
    }

    @Test
    void defaultsAreArgos() {
        AnalysisMetric m = AnalysisTemplates.parse("g.yaml", """
                templates:
                  - name: t
                    metrics:
                      - name: m
                        query: up
                        interval: 1m
                        success_condition: result == 1
                """, Strictness.STRICT).get("t").metrics().get(0);
        assertEquals(1, m.count());
        assertEquals(0, m.failureLimit());
        assertEquals(0, m.inconclusiveLimit());
        assertEquals(4, m.consecutiveErrorLimit());
        assertEquals(1, m.minSamples());
        assertEquals(Duration.ofMinutes(1), m.interval());
        assertEquals(null, m.window());
    }

    @Test
    void errorsPointIntoQueriesAndConditions() {
        assertEquals("g.yaml:7:27: /templates/0/metrics/0/query: unknown placeholder {{tenantz}} (known: {{tenant}},"
                + " {{tenants}}, {{stage}}, {{group}}, {{interval}})", load("""
                        query: |
                          sum(rate(x[5m]))
                          / sum(rate(x{t="{{tenantz}}"}[5m]))
                        interval: 1m
                        success_condition: result < 1
                """));
        assertTrue(load("""
                        query: up
                        interval: 1m
                        success_condition: result < 1 AND resutl > 0
                """).startsWith("g.yaml:7:43: /templates/0/metrics/0/success_condition: unknown identifier 'resutl'"
                + " (known: result, result.min, "));
        assertEquals("g.yaml:7:28: /templates/0/metrics/0/success_condition: reads 'ratio', but the query has no"
                + " {{group}}, so there is no baseline and canary to compare; use result, or put group=\"{{group}}\""
                + " in the query", load("""
                        query: up
                        interval: 1m
                        success_condition: ratio < 1
                """));
        assertEquals("g.yaml:4:9: /templates/0/metrics/0: metric 'm' needs success_condition, failure_condition or"
                + " both", load("""
                        query: up
                        interval: 1m
                """));
        assertEquals("g.yaml:7:16: /templates/0/metrics/0/count: expected an integer from 1 to 100000, got 0", load("""
                        query: up
                        interval: 1m
                        count: 0
                        success_condition: result < 1
                """));
        assertEquals("g.yaml:7:28: /templates/0/metrics/0/success_condition: reads 'traffic', but the metric has no"
                + " traffic query", load("""
                        query: up
                        interval: 1m
                        success_condition: traffic > 1
                """));
    }
}
