package dev.stagelight.rollout.gate.set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.gate.probe.HttpProber;
import dev.stagelight.rollout.gate.source.FileSource;
import dev.stagelight.rollout.input.Strictness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-cohort gates over recorded samples: the stage's tenants grouped by {@code tier}, each cohort's query rendered
 * with its own tenants (so each reads its own recording), the worst decisive cohort deciding.
 */
class CohortGatesTest {
    static final Instant AT = Instant.parse("2026-01-01T12:00:00Z");
    static final Map<String, Map<String, String>> LABELS = Map.of("a1", Map.of("tier", "gold"),
            "a2", Map.of("tier", "gold"), "b1", Map.of("tier", "free"), "c1", Map.of());

    @TempDir
    Path dir;

    GateEvaluator evaluator(double gold, double free, double none) throws Exception {
        Path f = dir.resolve("samples.yaml");
        Files.writeString(f, "recordings:\n" + rec("a1|a2", gold) + rec("b1", free) + rec("c1", none));
        return new GateEvaluator(FileSource.load(f), new HttpProber());
    }

    static String rec(String tenants, double v) {
        return "  - query: 'max(error_ratio{tenant=~\"" + tenants + "\"})'\n    series: [{labels: {}, samples: [["
                + AT.getEpochSecond() + ", " + v + "]]}]\n";
    }

    static GateSet gates(String cohorts) {
        return GateSetFile.parse("gates.yaml", """
                templates:
                  - name: errors
                    metrics:
                      - name: ratio
                        query: max(error_ratio{tenant=~"{{tenants}}"})
                        interval: 5m
                        success_condition: result < 0.05
                analysis: [{template: errors}]
                """ + cohorts, Strictness.STRICT);
    }

    GateOutcome run(GateSet set, GateEvaluator ev) {
        return CohortGates.evaluate(ev, set, "canary", List.of("a1", "b1", "a2", "c1"), LABELS::get,
                Duration.ofMinutes(5), AT);
    }

    @Test
    void eachCohortIsJudgedOnItsOwnTenantsAndTheWorstDecisiveWins() throws Exception {
        GateOutcome o = run(gates("cohorts: {label: tier, decisive: [gold, free]}"), evaluator(0.01, 0.20, 0.50));
        assertEquals(GateStatus.FAILED, o.status(), o.describe());
        assertTrue(o.rule().startsWith("cohort tier=free: "), o.rule());
        assertEquals(List.of("(none)", "free", "gold"), o.cohorts().stream().map(GateOutcome.Cohort::name).toList());
        GateOutcome.Cohort gold = o.cohorts().get(2);
        assertEquals(List.of("a1", "a2"), gold.verdict().tenants());
        assertEquals(GateStatus.PASS, gold.verdict().status());
        assertEquals(false, o.cohorts().get(0).decisive());
        assertEquals("tier", o.toJson().get("cohort_label").asText());
        assertEquals(3, o.toJson().get("cohorts").size());
    }

    @Test
    void aFailingCohortThatIsNotDecisiveIsReportedNotCounted() throws Exception {
        GateOutcome o = run(gates("cohorts: {label: tier, decisive: [gold]}"), evaluator(0.01, 0.20, 0.50));
        assertEquals(GateStatus.PASS, o.status(), o.describe());
        assertTrue(o.describe().contains("[reported] free [b1]: canary-gates") || o.describe().contains("[reported] free [b1]"),
                o.describe());
    }

    @Test
    void everyCohortIsDecisiveWhenNoneIsNamed() throws Exception {
        GateOutcome o = run(gates("cohorts: {label: tier}"), evaluator(0.01, 0.01, 0.50));
        assertEquals(GateStatus.FAILED, o.status(), o.describe());
        assertTrue(o.rule().startsWith("cohort tier=(none)"), o.rule());
    }

    @Test
    void noDecisiveCohortInTheStageIsInconclusive() throws Exception {
        GateOutcome o = run(gates("cohorts: {label: tier, decisive: [platinum]}"), evaluator(0.01, 0.01, 0.01));
        assertEquals(GateStatus.INCONCLUSIVE, o.status(), o.describe());
        assertTrue(o.rule().contains("no decisive cohort (platinum)"), o.rule());
    }

    @Test
    void withoutCohortsOneVerdictCoversEveryTenant() throws Exception {
        Path f = dir.resolve("all.yaml");
        Files.writeString(f, "recordings:\n" + rec("a1|b1|a2|c1", 0.01));
        GateOutcome o = run(gates(""), new GateEvaluator(FileSource.load(f), new HttpProber()));
        assertEquals(GateStatus.PASS, o.status(), o.describe());
        assertTrue(!o.perCohort());
        assertEquals(List.of("a1", "b1", "a2", "c1"), o.verdict().tenants());
    }
}
