package dev.stagelight.rollout.gate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.input.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private FileSource load(String yaml) throws Exception {
        Path f = dir.resolve("recorded.yaml");
        Files.writeString(f, yaml);
        return FileSource.load(f);
    }

    private static final String RECORDED = """
            recordings:
              - query: |
                  sum(rate(policy_eval_requests_total{group="canary"}[5m]))
                series:
                  - labels: {group: canary}
                    samples: [[1767225600, 1.5], [1767225660, 2.5], ["2026-01-01T00:02:00Z", "NaN"], [1767225780.5, "+Inf"]]
              - query: nothing
                series: []
            """;

    @Test
    void instantQueriesTakeTheLastSampleWithinTheLookback() throws Exception {
        FileSource s = load(RECORDED);
        QueryResult r = s.query(Query.instant("sum(rate(policy_eval_requests_total{group=\"canary\"}[5m]))",
                T0.plusSeconds(90)));
        assertEquals(Outcome.OK, r.outcome(), r.describe());
        assertEquals(2.5, r.values()[0]);
        assertEquals(T0.plusSeconds(90), r.series().get(0).samples().get(0).time());
        assertEquals("canary", r.series().get(0).labels().get("group"));
        assertEquals(Outcome.NAN, s.query(Query.instant("sum(rate(policy_eval_requests_total{group=\"canary\"}[5m]))",
                T0.plusSeconds(150))).outcome());
        assertEquals(Outcome.EMPTY, s.query(Query.instant("sum(rate(policy_eval_requests_total{group=\"canary\"}[5m]))",
                T0.minusSeconds(1))).outcome());
        assertEquals(Outcome.EMPTY, s.query(Query.instant("sum(rate(policy_eval_requests_total{group=\"canary\"}[5m]))",
                T0.plus(Duration.ofMinutes(9)))).outcome(), "older than the 5 minute lookback");
        assertEquals(Outcome.EMPTY, s.query(Query.instant("nothing", T0)).outcome());
    }

    @Test
    void rangeQueriesReturnTheSamplesInTheWindow() throws Exception {
        QueryResult r = load(RECORDED).query(Query.range("sum(rate(policy_eval_requests_total{group=\"canary\"}[5m]))",
                T0, T0.plusSeconds(240), Duration.ofMinutes(1)));
        assertEquals(Outcome.NAN, r.outcome());
        assertEquals(4, r.values().length);
        assertEquals(Double.POSITIVE_INFINITY, r.values()[3]);
        assertEquals(T0.plusMillis(180_500), r.series().get(0).samples().get(3).time());
    }

    @Test
    void anUnrecordedQueryIsABadQuery() throws Exception {
        QueryResult r = load(RECORDED).query(Query.instant("up", T0));
        assertEquals(Outcome.BAD_QUERY, r.outcome());
        assertTrue(r.message().contains("not recorded"), r.message());
    }

    @Test
    void badRecordingsNameFileLineAndField() throws Exception {
        InputException e = assertThrows(InputException.class, () -> load("""
                recordings:
                  - query: up
                    series:
                      - samples: [[1767225600, 1], [1767225660, lots]]
                """));
        assertTrue(e.getMessage().endsWith("recorded.yaml:4:49: /recordings/0/series/0/samples/1/1: expected a number"
                + " or \"NaN\", \"+Inf\", \"-Inf\", got \"lots\""), e.getMessage());
        InputException order = assertThrows(InputException.class, () -> load("""
                recordings:
                  - query: up
                    series:
                      - samples: [[1767225660, 1], [1767225600, 2]]
                """));
        assertTrue(order.getMessage().contains("sample times must increase"), order.getMessage());
    }
}
