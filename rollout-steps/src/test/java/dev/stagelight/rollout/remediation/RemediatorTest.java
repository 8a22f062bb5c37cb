package dev.stagelight.rollout.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.gate.source.MetricSource;
import dev.stagelight.rollout.gate.source.Outcome;
import dev.stagelight.rollout.gate.source.Query;
import dev.stagelight.rollout.gate.source.QueryResult;
import dev.stagelight.rollout.gate.source.Sample;
import dev.stagelight.rollout.gate.source.Series;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.store.DirectoryStore;
import dev.stagelight.rollout.store.RolloutStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision policy on its own: inputs from a source the test sets, actions run by a command that appends to a
 * file, so every effect is visible. Times are explicit; the green period and cooldowns are short to keep it readable.
 */
class RemediatorTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    /** Answers each query with the value the test put under its text (missing: no series). */
    static final class SetSource implements MetricSource {
        final Map<String, Double> values = new HashMap<>();

        @Override
        public QueryResult query(Query q) {
            Double v = values.get(q.text());
            if (v == null) {
                return new QueryResult(describe(), q.text(), q.start(), q.time(), q.step(), List.of(), Outcome.EMPTY,
                        "no series matched", 1);
            }
            return new QueryResult(describe(), q.text(), q.start(), q.time(), q.step(),
                    List.of(new Series(Map.of(), List.of(new Sample(q.time(), v)))), Outcome.OK, "1 series", 1);
        }

        @Override
        public String describe() {
            return "test source";
        }
    }

    String rules(String policy, String scaleCommand) {
        return """
                name: unit
                inputs:
                  latency_p95: latency
                  cpu: cpu
                policy: %s
                actions:
                  scale_out: {cooldown: 30m, command: %s}
                  enable_edge_cache: {cooldown: 0s, command: [%s]}
                rules:
                  - name: slow-and-busy
                    when: latency_p95 > 0.3 AND cpu > 70
                    actions: [scale_out]
                  - name: very-slow
                    when: latency_p95 > 1
                    actions: [enable_edge_cache, scale_out]
                """.formatted(policy, scaleCommand, script("cache").toString());
    }

    Path script(String name) {
        Path p = dir.resolve(name + ".sh");
        if (!Files.exists(p)) {
            try {
                Files.writeString(p, "#!/bin/sh\necho \"$STAGELIGHT_OPERATION $1 $STAGELIGHT_RULE\" >> \"" + dir.resolve(name + ".log")
                        + "\"\n");
                p.toFile().setExecutable(true);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return p;
    }

    List<String> ran(String name) throws Exception {
        Path log = dir.resolve(name + ".log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    Remediator remediator(RemediationRules r, MetricSource source, RolloutStore store, List<Duration> sleeps) {
        return new Remediator(r, source, store, Remediator.standardExecutors(store, java.time.Clock.systemUTC(), "t"),
                sleeps::add, "unit-test");
    }

    static Map<String, Decision> decisions(Evaluation e) {
        Map<String, Decision> m = new java.util.LinkedHashMap<>();
        e.decisions().forEach(d -> m.put(d.rule() + "/" + d.action(), d.decision()));
        return m;
    }

    @Test
    void cooldownCapGreenPeriodAndRevert() throws Exception {
        RemediationRules r = RulesFile.parse("unit.yaml", rules("{green_period: 5m, max_concurrent: 1}",
                "[" + script("scale") + "]"), Strictness.STRICT, Map.of());
        SetSource src = new SetSource();
        try (RolloutStore store = DirectoryStore.open(dir.resolve("store"))) {
            src.values.put("latency", 2.0);
            src.values.put("cpu", 90.0);
            Evaluation e1 = remediator(r, src, store, new ArrayList<>()).evaluate(T, "none");
            assertEquals(Map.of("slow-and-busy/scale_out", Decision.ACTED, "very-slow/enable_edge_cache",
                    Decision.SKIPPED_CAP, "very-slow/scale_out", Decision.ALREADY_ACTIVE), decisions(e1));
            assertEquals(List.of("scale_out apply slow-and-busy"), ran("scale"));
            assertEquals(List.of(), ran("cache"), "the cap of one action held");

            // Green from T+1m: pending until 5 minutes green, then reverted.
            src.values.put("latency", 0.1);
            Evaluation e2 = remediator(r, src, store, new ArrayList<>()).evaluate(T.plus(Duration.ofMinutes(1)), "none");
            assertEquals(Decision.REVERT_PENDING, e2.decisions().get(e2.decisions().size() - 1).decision());
            // Inputs missing: no data is never green, the clock restarts.
            src.values.remove("cpu");
            Evaluation e3 = remediator(r, src, store, new ArrayList<>()).evaluate(T.plus(Duration.ofMinutes(4)), "none");
            assertEquals(Decision.UNDECIDED, decisions(e3).get("slow-and-busy/scale_out"));
            assertEquals(Decision.REVERT_HELD, decisions(e3).get("null/scale_in"));
            src.values.put("cpu", 20.0);
            remediator(r, src, store, new ArrayList<>()).evaluate(T.plus(Duration.ofMinutes(5)), "none");
            Evaluation e5 = remediator(r, src, store, new ArrayList<>()).evaluate(T.plus(Duration.ofMinutes(9)), "none");
            assertEquals(Decision.REVERT_PENDING, decisions(e5).get("null/scale_in"), "4 of 5 minutes green");
            Evaluation e6 = remediator(r, src, store, new ArrayList<>()).evaluate(T.plus(Duration.ofMinutes(10)), "none");
            assertEquals(Decision.REVERTED, decisions(e6).get("null/scale_in"));
            assertEquals(List.of("scale_out apply slow-and-busy", "scale_in revert slow-and-busy"), ran("scale"));
            assertTrue(e6.state().active().isEmpty());

            // Slow and busy again within the cooldown of the last scale-out (applied at T, cooldown 30m): skipped.
            src.values.put("latency", 0.5);
            src.values.put("cpu", 95.0);
            Evaluation e7 = remediator(r, src, store, new ArrayList<>()).evaluate(T.plus(Duration.ofMinutes(12)), "none");
            assertEquals(Decision.SKIPPED_COOLDOWN, decisions(e7).get("slow-and-busy/scale_out"));
            assertTrue(e7.decisions().get(0).why().contains("ends at 2026-01-01T00:30:00Z"), e7.decisions().get(0).why());
            Evaluation e8 = remediator(r, src, store, new ArrayList<>()).evaluate(T.plus(Duration.ofMinutes(30)), "none");
            assertEquals(Decision.ACTED, decisions(e8).get("slow-and-busy/scale_out"));

            // The log holds every decision of every evaluation, numbered, with the values read.
            List<EvidenceRecord> log = store.remediationEvidence("unit").stream()
                    .map(l -> EvidenceRecord.parse(l, "log")).toList();
            assertEquals(8, log.get(log.size() - 1).evaluation());
            EvidenceRecord first = log.get(0);
            assertEquals(Map.of("cpu", 90.0, "latency_p95", 2.0), first.values());
            assertEquals("command " + script("scale"), first.executor());
            assertEquals("unit-test", first.actor());
        }
    }

    @Test
    void aDryRunDecidesAndRecordsButRunsNothingAndKeepsTheState() throws Exception {
        RemediationRules r = RulesFile.parse("unit.yaml", rules("{dry_run: true}", "[" + script("scale") + "]"),
                Strictness.STRICT, Map.of());
        SetSource src = new SetSource();
        src.values.put("latency", 2.0);
        src.values.put("cpu", 90.0);
        try (RolloutStore store = DirectoryStore.open(dir.resolve("store"))) {
            Evaluation e = remediator(r, src, store, new ArrayList<>()).evaluate(T, "none");
            assertEquals(Map.of("slow-and-busy/scale_out", Decision.DRY_RUN, "very-slow/enable_edge_cache",
                    Decision.DRY_RUN, "very-slow/scale_out", Decision.ALREADY_ACTIVE), decisions(e));
            assertEquals(List.of(), ran("scale"));
            assertEquals(List.of(), ran("cache"));
            assertTrue(e.state().active().isEmpty());
            assertEquals(3, store.remediationEvidence("unit").size());
            assertTrue(EvidenceRecord.parse(store.remediationEvidence("unit").get(0), "log").dryRun());
        }
    }

    @Test
    void aFailingExecutorIsRetriedThenReportedAndTheActionStaysWanted() throws Exception {
        Path failing = dir.resolve("fail.sh");
        Files.writeString(failing, "#!/bin/sh\necho 'scaler says no' >&2\nexit 3\n");
        failing.toFile().setExecutable(true);
        RemediationRules r = RulesFile.parse("unit.yaml", rules("{retry: {attempts: 3, backoff: 1s}}",
                "[" + failing + "]"), Strictness.STRICT, Map.of());
        SetSource src = new SetSource();
        src.values.put("latency", 0.5);
        src.values.put("cpu", 90.0);
        List<Duration> sleeps = new ArrayList<>();
        try (RolloutStore store = DirectoryStore.open(dir.resolve("store"))) {
            Evaluation e = remediator(r, src, store, sleeps).evaluate(T, "none");
            EvidenceRecord d = e.decisions().get(0);
            assertEquals(Decision.FAILED, d.decision());
            assertEquals(3, d.attempts());
            assertEquals("exit 3: scaler says no", d.result());
            assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeps);
            assertTrue(e.failed());
            assertTrue(e.state().active().isEmpty(), "not applied, so not active and no cooldown");
            Evaluation again = remediator(r, src, store, sleeps).evaluate(T.plus(Duration.ofMinutes(1)), "none");
            assertEquals(Decision.FAILED, again.decisions().get(0).decision(), "tried again next time, not in cooldown");
        }
    }

    @Test
    void aRestartedControllerContinuesFromTheStore() throws Exception {
        RemediationRules r = RulesFile.parse("unit.yaml", rules("{green_period: 5m}", "[" + script("scale") + "]"),
                Strictness.STRICT, Map.of());
        SetSource src = new SetSource();
        src.values.put("latency", 0.5);
        src.values.put("cpu", 90.0);
        try (RolloutStore store = DirectoryStore.open(dir.resolve("store"))) {
            remediator(r, src, store, new ArrayList<>()).evaluate(T, "none");
        }
        src.values.put("cpu", 10.0);
        try (RolloutStore store = DirectoryStore.open(dir.resolve("store"))) {
            Evaluation e = remediator(r, src, store, new ArrayList<>()).evaluate(T.plus(Duration.ofMinutes(1)), "none");
            assertEquals(2, e.evaluation());
            assertEquals(T, e.state().active().get(ActionKind.SCALE_OUT).since());
            assertEquals(T.plus(Duration.ofMinutes(1)), e.state().active().get(ActionKind.SCALE_OUT).greenSince());
        }
        assertEquals(List.of("scale_out apply slow-and-busy"), ran("scale"), "applied once, not again after the restart");
    }
}
