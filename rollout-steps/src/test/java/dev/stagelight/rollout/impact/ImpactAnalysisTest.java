package dev.stagelight.rollout.impact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.plan.RolloutPlans;
import dev.stagelight.rollout.policy.DenyCode;
import dev.stagelight.rollout.policy.PolicyLibrary;
import dev.stagelight.rollout.tenant.Tenants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data set small enough to work out by hand; the expected figures are derived in the comments. */
class ImpactAnalysisTest {
    @TempDir
    Path dir;

    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-12-29T10:00:00Z"), ZoneOffset.UTC);

    private void write(String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @BeforeEach
    void files() throws IOException {
        write("tenants.yaml", "version: 1\ntenants:\n"
                + "  - {id: t1, org: o, team: a, project: p1, region: eu-west-1, scan_volume: 10}\n"
                + "  - {id: t2, org: o, team: b, project: p2, region: eu-central-1, scan_volume: 10}\n"
                + "  - {id: t3, org: o, team: a, project: p3, region: ap-south-1, scan_volume: 10}\n");
        String head = "version: \"stella-dsl@1\"\nname: prod\n";
        write("policies/default/prod/v1.yaml", head + "version_tag: v1\nrules:\n"
                + "  - {name: legacy, condition: \"fix_available == false AND age_days > 180\", action: PASS}\n"
                + "  - {name: old-critical, condition: \"severity == 'critical' AND cvss >= 9.0\", action: FAIL, severity: critical}\n");
        write("policies/default/prod/v2.yaml", head + "version_tag: v2\nrules:\n"
                + "  - {name: kev, condition: \"kev == true\", action: FAIL, severity: critical}\n"
                + "  - {name: critical, condition: \"severity == 'critical' AND cvss >= 8.5\", action: FAIL}\n"
                + "scope: {regions: [\"eu-*\"]}\n");
        write("plan.json", "{\"rollout_id\": \"r-1\", \"policy_set\": \"prod\", \"from_version\": \"v1\", \"to_version\": \"v2\","
                + " \"strategy\": \"staged\", \"stages\": [{\"name\": \"all\", \"selection\": {\"method\": \"all\"},"
                + " \"success_criteria\": {\"max_failure_rate_increase\": 0.3}}],"
                + " \"rollback\": {\"automatic\": true, \"triggers\": [{\"metric\": \"failure_rate_increase\", \"threshold\": 0.4}]}}");
        String f = "\"reachability\":\"SR\",\"fix_available\":true";
        write("scans.jsonl", String.join("\n",
                // 1: critical 9.5 fails under both versions: not new.
                "{\"tenant\":\"t1\",\"image\":\"img1\",\"time\":\"2024-12-01T00:00:00Z\",\"findings\":[{\"id\":\"C1\",\"severity\":\"critical\",\"cvss\":9.5," + f + "}]}",
                // 2: critical 8.7 passes v1 (< 9.0), fails v2 rule 'critical': new, not a critical block (no severity = high).
                "{\"tenant\":\"t1\",\"image\":\"img2\",\"time\":\"2024-12-02T00:00:00Z\",\"findings\":[{\"id\":\"C2\",\"severity\":\"critical\",\"cvss\":8.7," + f + "}]}",
                // 3: a KEV low finding: new under v2 by 'kev', a critical block.
                "{\"tenant\":\"t1\",\"image\":\"img2\",\"time\":\"2024-12-03T00:00:00Z\",\"findings\":[{\"id\":\"K1\",\"severity\":\"low\",\"cvss\":3.0,\"kev\":true," + f + "}]}",
                "",
                // 4: the critical finding is exempt in v1 (legacy: no fix, 200 days); v2 fails it, and the KEV finding
                //    triggers 'kev', which comes first in effective order: attributed to 'kev'.
                "{\"tenant\":\"t2\",\"image\":\"img3\",\"time\":\"2024-12-04T00:00:00Z\",\"findings\":["
                        + "{\"id\":\"C3\",\"severity\":\"critical\",\"cvss\":9.5,\"fix_available\":false,\"age_days\":200},"
                        + "{\"id\":\"K2\",\"severity\":\"low\",\"cvss\":2.0,\"kev\":true," + f + "}]}",
                // 5: clean.
                "{\"tenant\":\"t2\",\"image\":\"img4\",\"time\":\"2024-12-05T00:00:00Z\",\"findings\":[]}",
                // 6: t3 is in ap-south-1, outside the v2 scope (eu-*): left out, RESIDENCY.
                "{\"tenant\":\"t3\",\"image\":\"img5\",\"time\":\"2024-12-06T00:00:00Z\",\"findings\":[{\"id\":\"K3\",\"severity\":\"low\",\"kev\":true}]}",
                // 7: unknown tenant: skipped and listed.
                "{\"tenant\":\"t9\",\"image\":\"img6\",\"time\":\"2024-12-07T00:00:00Z\",\"findings\":[]}",
                // 8: a medium finding passes both.
                "{\"tenant\":\"t1\",\"image\":\"img1\",\"time\":\"2024-12-31T00:00:00Z\",\"findings\":[{\"id\":\"M1\",\"severity\":\"medium\",\"cvss\":5.0," + f + "}]}"));
    }

    private ImpactReport analyse() {
        Tenants tenants = Tenants.load(dir.resolve("tenants.yaml"), Strictness.STRICT);
        RolloutPlan plan = RolloutPlans.load(dir.resolve("plan.json"), Strictness.STRICT, tenants).value();
        PolicyLibrary lib = PolicyLibrary.load(dir.resolve("policies"), Strictness.STRICT);
        ImpactAnalysis a = new ImpactAnalysis(plan, tenants, lib, CLOCK);
        ScanReader.forEach(dir.resolve("scans.jsonl"), Strictness.STRICT, a::accept);
        return a.report();
    }

    @Test
    void figuresMatchTheHandCount() {
        ImpactReport r = analyse();
        assertEquals(6, r.totalScansAnalyzed()); // scans 1, 2, 3, 4, 5, 8
        assertEquals(1, r.failuresBefore()); // scan 1
        assertEquals(4, r.failuresAfter()); // scans 1-4
        assertEquals(3, r.predictedNewFailures()); // scans 2, 3, 4
        assertEquals(0, r.predictedResolvedFailures());
        assertEquals(2, r.predictedNewCriticalBlocks()); // scans 3 and 4 ('kev' is critical)
        assertEquals(2, r.affectedImages()); // img2, img3
        assertEquals(2, r.affectedTenants()); // t1, t2
        assertEquals(4.0 / 6 - 1.0 / 6, r.failureRateChange(), 1e-12);
        assertEquals(List.of(new ImpactReport.TeamCount("a", 2), new ImpactReport.TeamCount("b", 1)), r.byTeam());
        assertEquals(List.of(new ImpactReport.RuleCount("kev", 2), new ImpactReport.RuleCount("critical", 1)),
                r.topTriggeredRules());
        assertEquals(1, r.excludedTenants().size());
        assertEquals(new ImpactReport.Excluded("t3", DenyCode.RESIDENCY, "region ap-south-1 is not one of eu-*", 1),
                r.excludedTenants().get(0));
        assertEquals(List.of("t9"), r.unknownTenants());
        assertEquals(2, r.skippedScans());
        // v1 per finding: PASS rule, then the FAIL rule unless exempt; v2: FAIL rules until the first match.
        // v1: s1 2, s2 2, s3 2, s4 1+2, s8 2 = 11; v2: s1 2, s2 2, s3 1, s4 2+1, s8 2 = 10.
        assertEquals(21, r.ruleEvaluations());
        assertEquals(Duration.ofDays(30), r.historicalDataRange());
        // Thresholds: the tighter of the stage bound (0.3) and the rollback trigger (0.4); +50% is above 0.3.
        assertEquals(new Thresholds(0.005, 0.3, "stage all max_failure_rate_increase", List.of()), r.thresholds());
        assertEquals(Recommendation.DO_NOT_PROCEED, r.recommendation());
        assertEquals(Thresholds.RATE_CHANGE, r.verdict().decidedBy().metric());
    }

    @Test
    void jsonHasTheFlowShape() {
        ImpactReport r = analyse();
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) ImpactReportFormat.jsonTree(r).get("impact_analysis");
        assertEquals("r-1", a.get("rollout_id"));
        assertEquals("2024-12-29T10:00:00Z", a.get("analysis_date"));
        assertEquals("30d", a.get("historical_data_range"));
        @SuppressWarnings("unchecked")
        Map<String, Object> res = (Map<String, Object>) a.get("results");
        assertEquals(6L, res.get("total_scans_analyzed"));
        assertEquals(3L, res.get("predicted_new_failures"));
        assertEquals("+50.00%", res.get("predicted_failure_rate_change"));
        assertEquals(2L, res.get("affected_images"));
        assertEquals(List.of(Map.of("team", "a", "new_failures", 2L), Map.of("team", "b", "new_failures", 1L)), res.get("by_team"));
        assertEquals(List.of(Map.of("rule", "kev", "count", 2L), Map.of("rule", "critical", "count", 1L)),
                res.get("top_triggered_rules"));
        assertEquals("DO_NOT_PROCEED", res.get("recommendation"));
        String table = ImpactReportFormat.table(r);
        assertEquals(true, table.contains("DO_NOT_PROCEED above +30.00% (stage all max_failure_rate_increase)"), table);
        assertEquals(true, table.contains("recommendation           DO_NOT_PROCEED, decided by failure_rate_change +50.00%"
                + " (stage all max_failure_rate_increase)"), table);
    }

    @Test
    void thresholdBands() {
        Thresholds t = new Thresholds(0.005, 0.05, "x", List.of());
        assertEquals(Recommendation.PROCEED, t.judge(0.0049, List.of()).recommendation());
        assertEquals(Recommendation.PROCEED, t.judge(-0.2, List.of()).recommendation());
        assertEquals(Recommendation.PROCEED_WITH_CAUTION, t.judge(0.0083, List.of()).recommendation());
        assertEquals(Recommendation.PROCEED_WITH_CAUTION, t.judge(0.05, List.of()).recommendation());
        assertEquals(Recommendation.DO_NOT_PROCEED, t.judge(0.0501, List.of()).recommendation());
    }

    @Test
    void predictedCriticalBlocksAndNewFailuresPerStageWeighInAndTheReportSaysWhichDecided() throws IOException {
        // Rate bound 0.9 (trigger): +50% is only a caution. Per day of the 30-day history t1 caused 2 new failures
        // (1 critical block) and t2 1 (critical). canary = t1 for 15 days: 2 * 15/30 = 1 new failure, at its
        // max_new_failures 1: caution. all = t1 + t2 for 30 days: 2 critical blocks, above the trigger's 1.5.
        write("plan.json", "{\"rollout_id\": \"r-1\", \"policy_set\": \"prod\", \"from_version\": \"v1\", \"to_version\": \"v2\","
                + " \"strategy\": \"staged\", \"stages\": ["
                + "{\"name\": \"canary\", \"tenants\": [\"t1\"], \"duration\": \"15d\", \"success_criteria\": {\"max_new_failures\": 1}},"
                + "{\"name\": \"all\", \"selection\": {\"method\": \"all\"}, \"duration\": \"30d\"}],"
                + " \"rollback\": {\"automatic\": true, \"triggers\": [{\"metric\": \"failure_rate_increase\", \"threshold\": 0.9},"
                + " {\"metric\": \"new_critical_blocks\", \"threshold\": 1.5}]}}");
        ImpactReport r = analyse();
        List<Check> checks = r.verdict().checks();
        assertEquals(3, checks.size(), checks.toString());
        assertEquals(new Check(Thresholds.RATE_CHANGE, "all admitted tenants, whole history", 0.5, 0.005, 0.9,
                "rollback trigger failure_rate_increase"), checks.get(0));
        assertEquals(Recommendation.PROCEED_WITH_CAUTION, checks.get(0).verdict());
        assertEquals(new Check("new_failures", "stage canary: 1 tenant for 360h", 1.0, 0.5, 1, "stage canary max_new_failures"),
                checks.get(1));
        assertEquals(Recommendation.PROCEED_WITH_CAUTION, checks.get(1).verdict());
        assertEquals(new Check("new_critical_blocks", "stage all: 2 tenants for 720h", 2.0, 0.75, 1.5,
                "rollback trigger new_critical_blocks"), checks.get(2));
        assertEquals(Recommendation.DO_NOT_PROCEED, r.recommendation(), "the critical blocks decide, not the rate");
        assertEquals(checks.get(2), r.verdict().decidedBy());
        String table = ImpactReportFormat.table(r);
        assertEquals(true, table.contains("DO_NOT_PROCEED, decided by new_critical_blocks 2 (rollback trigger"
                + " new_critical_blocks)"), table);
        assertEquals(true, table.matches("(?s).*\\*\\s+new_critical_blocks\\s+2\\s+stage all: 2 tenants for 720h\\s+PROCEED below"
                + " 0.75, DO_NOT_PROCEED above 1.5 \\(rollback trigger new_critical_blocks\\)\\s+DO_NOT_PROCEED\n.*"), table);
    }
}
