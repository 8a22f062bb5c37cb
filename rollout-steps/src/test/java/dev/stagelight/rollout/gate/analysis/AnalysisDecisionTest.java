package dev.stagelight.rollout.gate.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.gate.source.FileSource;
import dev.stagelight.rollout.gate.source.TemplateVars;
import dev.stagelight.rollout.input.Strictness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How one measurement is decided, on recorded samples (the file source): NaN, infinities, both conditions. */
class AnalysisDecisionTest {
    private static final Instant AT = Instant.parse("2026-01-01T01:00:00Z");
    private static final TemplateVars VARS = TemplateVars.stage("s", List.of("a"), Duration.ofMinutes(5));

    @TempDir
    Path dir;

    private Measurement measure(String baseline, String canary, String conditions) throws Exception {
        Path rec = dir.resolve("rec.yaml");
        Files.writeString(rec, """
                recordings:
                  - query: 'x{group="baseline"}'
                    series: [{labels: {}, samples: [[1767229200, %s]]}]
                  - query: 'x{group="canary"}'
                    series: [{labels: {}, samples: [[1767229140, 1], [1767229200, %s]]}]
                  - query: 'y'
                    series: [{labels: {}, samples: [[1767229140, 1], [1767229200, 2]]}]
                """.formatted(baseline, canary));
        AnalysisTemplate t = AnalysisTemplates.parse("g.yaml", """
                templates:
                  - name: t
                    metrics:
                      - name: m
                        query: 'x{group="{{group}}"}'
                        interval: 5m
                """ + conditions, Strictness.STRICT).get("t");
        AnalysisRun r = new AnalysisRunner(FileSource.load(rec)).evaluate(t, VARS, AT);
        return r.metrics().get(0).measurements().get(0);
    }

    @Test
    void zeroOverZeroIsNoDataNotAFailure() throws Exception {
        Measurement m = measure("0", "0", "        success_condition: ratio <= 1.2\n");
        assertEquals(Status.INCONCLUSIVE, m.status());
        assertEquals("no data: ratio is NaN (ratio = NaN)", m.reason());
    }

    @Test
    void aNanAnswerIsNoData() throws Exception {
        Measurement m = measure("1", "\"NaN\"", "        success_condition: canary < 2\n");
        assertEquals(Status.INCONCLUSIVE, m.status());
        assertTrue(m.reason().startsWith("canary: nan: 1 of 1 values are NaN"), m.reason());
    }

    @Test
    void anInfiniteValueCanFailButNeverPass() throws Exception {
        assertEquals(Status.FAILED, measure("1", "\"+Inf\"", "        failure_condition: canary > 2\n").status());
        Measurement m = measure("1", "\"-Inf\"", "        failure_condition: canary > 2\n");
        assertEquals(Status.INCONCLUSIVE, m.status());
        assertEquals("failure_condition `canary > 2` is false, but an infinite value cannot pass (canary = -Inf)",
                m.reason());
    }

    @Test
    void withBothConditionsNeitherTrueIsInconclusive() throws Exception {
        String both = "        success_condition: canary < 1\n        failure_condition: canary > 3\n";
        assertEquals(Status.SUCCESSFUL, measure("1", "0.5", both).status());
        assertEquals(Status.FAILED, measure("1", "4", both).status());
        Measurement m = measure("1", "2", both);
        assertEquals(Status.INCONCLUSIVE, m.status());
        assertEquals("neither condition is true (canary = 2)", m.reason());
    }

    @Test
    void rangeQueriesNeedMinSamples() throws Exception {
        String window = "        window: 10m\n        step: 1m\n        min_samples: 3\n        success_condition: canary.max < 5\n";
        Measurement m = measure("1", "2", window);
        assertEquals(Status.INCONCLUSIVE, m.status());
        assertEquals("baseline: too little data: 1 values < min_samples 3", m.reason());
        assertEquals(Status.ERROR, measure("1", "2", "        success_condition: canary < 5\n        traffic: {query: z, min: 1}\n")
                .status(), "a query the recording lacks is an error");
    }
}
