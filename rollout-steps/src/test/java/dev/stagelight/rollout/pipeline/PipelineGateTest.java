package dev.stagelight.rollout.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.gate.set.GateStatus;
import dev.stagelight.rollout.gate.source.MetricSource;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.testing.CanaryHistory;
import dev.stagelight.rollout.testing.CanaryHistory.Scenario;
import dev.stagelight.rollout.testing.PrometheusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code canaryGate} step's evaluation: the shipped {@code examples/gates/canary-gates.yaml} over a real
 * Prometheus holding the generated canary history, and what the pipeline does with each verdict.
 */
class PipelineGateTest {
    static final Path GATES = Path.of("../examples/gates/canary-gates.yaml");

    @TempDir
    static Path dir;
    static PrometheusServer prometheus;
    static MetricSource source;

    @BeforeAll
    static void start() throws Exception {
        prometheus = PrometheusServer.start(dir, CanaryHistory.generate(27));
        source = PipelineGates.prometheus(prometheus.url().toString(), "prometheus");
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    static PipelineGate.Request request(Scenario s, String template) {
        return new PipelineGate.Request(GATES, template, "canary", List.of(), null, Duration.ofMinutes(5),
                CanaryHistory.at(s), Strictness.STRICT);
    }

    @Test
    void aHealthyCanaryProceedsWithItsEvidence() {
        PipelineGate.Verdict v = PipelineGate.evaluate(request(Scenario.HEALTHY, null), source);
        assertEquals(GateStatus.PASS, v.status(), v.explanation());
        assertEquals(PipelineGate.Next.PROCEED, v.next());
        assertTrue(v.explanation().contains("guard min_traffic: pass"), v.explanation());
        Map<String, Object> tree = v.tree();
        assertEquals("pass", tree.get("status"));
        assertEquals(4, ((List<?>) tree.get("evidence")).size(), "guard, one analysis metric, two judged metrics");
    }

    @Test
    void aRisingErrorRatioFailsTheStage() {
        PipelineGate.Verdict v = PipelineGate.evaluate(request(Scenario.ERRORS, null), source);
        assertEquals(PipelineGate.Next.FAIL, v.next(), v.explanation());
        assertTrue(v.explanation().contains("error-ratio/canary-error-ratio: failed"), v.explanation());
    }

    @Test
    void stoppedSeriesAskAPerson() {
        PipelineGate.Verdict v = PipelineGate.evaluate(request(Scenario.STOPPED, null), source);
        assertEquals(GateStatus.INCONCLUSIVE, v.status(), v.explanation());
        assertEquals(PipelineGate.Next.ASK_A_PERSON, v.next());
    }

    @Test
    void aTemplateNamedReplacesTheSetsAnalysisWhileTheJudgedMetricsStillRun() {
        // The template runs with its default arguments; the rising p95 still fails through the judged metric.
        PipelineGate.Verdict alone = PipelineGate.evaluate(request(Scenario.LATENCY, "error-ratio"), source);
        assertEquals(GateStatus.FAILED, alone.status(), alone.explanation());
        assertTrue(alone.explanation().contains("error-ratio/canary-error-ratio: pass"), alone.explanation());
        assertTrue(alone.explanation().contains("latency-p95-vs-baseline: failed"), alone.explanation());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PipelineGate.evaluate(request(Scenario.HEALTHY, "no-such"), source));
        assertTrue(e.getMessage().contains("canary-gates.yaml: no template 'no-such'"), e.getMessage());
    }
}
