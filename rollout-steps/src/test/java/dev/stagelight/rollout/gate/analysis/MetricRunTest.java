package dev.stagelight.rollout.gate.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stagelight.rollout.expr.Expression;
import dev.stagelight.rollout.gate.source.QueryTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Argo's metric rules on given measurements, and the rule we add (no successful measurement is no pass). */
class MetricRunTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static AnalysisMetric metric(int count, int failureLimit, int inconclusiveLimit, int errorLimit) {
        return new AnalysisMetric("m", QueryTemplate.parse("x"), Duration.ofMinutes(5), count, Duration.ZERO,
                Expression.parse("result < 1", ResultSchema.SCHEMA), null, failureLimit, inconclusiveLimit,
                errorLimit, 1, null, null, null);
    }

    private static MetricRun run(AnalysisMetric m, Status... statuses) {
        MetricRun r = new MetricRun(m, T0, List.of());
        for (int i = 0; i < statuses.length; i++) {
            r = r.with(new Measurement(i, m.dueAt(T0, i), statuses[i], Map.of(), List.of(), "given"));
        }
        return r;
    }

    private static final Status S = Status.SUCCESSFUL, F = Status.FAILED, I = Status.INCONCLUSIVE, E = Status.ERROR;

    @Test
    void failuresUpToTheLimitAreTolerated() {
        AnalysisMetric m = metric(4, 1, 0, 4);
        assertEquals(Status.RUNNING, run(m, S, F).status());
        assertEquals(Status.SUCCESSFUL, run(m, S, F, S, S).status());
        MetricRun failed = run(m, F, S, F);
        assertEquals(Status.FAILED, failed.status());
        assertEquals("2 failed > failure_limit 1", failed.assess().reason());
        assertEquals(java.util.Optional.empty(), failed.nextDue());
    }

    @Test
    void inconclusiveAndErrorLimits() {
        assertEquals(Status.INCONCLUSIVE, run(metric(4, 0, 0, 4), S, I).status());
        assertEquals(Status.SUCCESSFUL, run(metric(3, 0, 1, 4), S, I, S).status());
        AnalysisMetric m = metric(10, 0, 0, 2);
        assertEquals(Status.RUNNING, run(m, E, E, S, E, E).status(), "errors only count when consecutive");
        assertEquals(Status.ERROR, run(m, S, E, E, E).status());
        assertEquals("3 consecutive errors > consecutive_error_limit 2", run(m, S, E, E, E).assess().reason());
        assertEquals(T0.plus(Duration.ofMinutes(25)), run(m, E, E, S, E, E).nextDue().orElseThrow());
    }

    @Test
    void reachingTheCountWithoutASuccessIsNeverAPass() {
        MetricRun r = run(metric(2, 0, 5, 4), I, E);
        assertEquals(Status.INCONCLUSIVE, r.status());
        assertEquals("count 2 reached without a successful measurement (0 successful, 0 failed, 1 inconclusive,"
                + " 1 errors)", r.assess().reason());
    }

    @Test
    void theRunIsTheWorstMetricAndWaitsOnlyForBetterOnes() {
        AnalysisMetric a = metric(3, 0, 0, 4);
        AnalysisTemplate t = new AnalysisTemplate("t", List.of(a, a));
        assertEquals(Status.FAILED, new AnalysisRun(t, List.of(run(a, F), run(a, S))).status(),
                "a failed metric decides while the other still runs");
        assertEquals(Status.ERROR, new AnalysisRun(t, List.of(run(metric(3, 0, 0, 0), E), run(a, S))).status());
        assertEquals(Status.RUNNING, new AnalysisRun(t, List.of(run(a, I), run(a, S))).status(),
                "inconclusive waits: the other metric may still fail");
        assertEquals(Status.INCONCLUSIVE, new AnalysisRun(t, List.of(run(a, I), run(a, S, S, S))).status());
        assertEquals(Status.SUCCESSFUL, new AnalysisRun(t, List.of(run(a, S, S, S), run(a, S, S, S))).status());
    }
}
