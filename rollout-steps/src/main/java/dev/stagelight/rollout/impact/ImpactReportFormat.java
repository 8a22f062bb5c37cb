package dev.stagelight.rollout.impact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stagelight.rollout.state.Numbers;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders an {@link ImpactReport} as the flow's {@code impact_analysis} JSON or as a table for people. */
public final class ImpactReportFormat {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ImpactReportFormat() {}

    /** {@code +0.83%}: a rate change in percentage points with sign, two decimals. */
    public static String signedPercent(double fraction) {
        return String.format(Locale.ROOT, "%+.2f%%", fraction * 100);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    static String days(java.time.Duration d) {
        long days = (d.toSeconds() + 86_399) / 86_400;
        return days + "d";
    }

    /** The flow's shape ({@code impact_analysis.results...}) plus the figures behind it. */
    public static Map<String, Object> jsonTree(ImpactReport r) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("total_scans_analyzed", r.totalScansAnalyzed());
        results.put("predicted_new_failures", r.predictedNewFailures());
        results.put("predicted_failure_rate_change", signedPercent(r.failureRateChange()));
        results.put("affected_images", r.affectedImages());
        List<Map<String, Object>> teams = new ArrayList<>();
        for (ImpactReport.TeamCount t : r.byTeam()) {
            teams.add(entry("team", t.team(), "new_failures", t.newFailures()));
        }
        results.put("by_team", teams);
        List<Map<String, Object>> rules = new ArrayList<>();
        for (ImpactReport.RuleCount c : r.topTriggeredRules()) {
            rules.add(entry("rule", c.rule(), "count", c.count()));
        }
        results.put("top_triggered_rules", rules);
        results.put("recommendation", r.recommendation().name());
        results.put("failure_rate_before", round(r.failureRateBefore()));
        results.put("failure_rate_after", round(r.failureRateAfter()));
        results.put("predicted_resolved_failures", r.predictedResolvedFailures());
        results.put("predicted_new_critical_blocks", r.predictedNewCriticalBlocks());
        results.put("predicted_new_warnings", r.predictedNewWarnings());
        results.put("affected_tenants", r.affectedTenants());
        List<Map<String, Object>> applied = new ArrayList<>();
        for (Check c : r.verdict().checks()) {
            applied.add(check(c));
        }
        Map<String, Object> thresholds = new LinkedHashMap<>();
        thresholds.put("applied", applied);
        thresholds.put("decided_by", check(r.verdict().decidedBy()));
        results.put("thresholds", thresholds);
        List<Map<String, Object>> excluded = new ArrayList<>();
        for (ImpactReport.Excluded e : r.excludedTenants()) {
            Map<String, Object> m = entry("tenant", e.tenant(), "code", e.code().name());
            m.put("reason", e.reason());
            m.put("scans", e.scans());
            excluded.add(m);
        }
        results.put("excluded_tenants", excluded);
        results.put("unknown_tenants", r.unknownTenants());
        results.put("skipped_scans", r.skippedScans());
        results.put("rule_evaluations", r.ruleEvaluations());
        Map<String, Object> analysis = new LinkedHashMap<>();
        analysis.put("rollout_id", r.rolloutId());
        analysis.put("policy_set", r.policySet());
        analysis.put("from_version", r.fromVersion());
        analysis.put("to_version", r.toVersion());
        analysis.put("analysis_date", r.analysisDate().toString());
        analysis.put("historical_data_range", days(r.historicalDataRange()));
        analysis.put("results", results);
        return Map.of("impact_analysis", analysis);
    }

    private static Map<String, Object> check(Check c) {
        Map<String, Object> m = entry("metric", c.metric(), "scope", c.scope());
        m.put("predicted", round(c.predicted()));
        m.put("proceed_below", round(c.cautionAt()));
        m.put("do_not_proceed_above", c.blockAbove());
        m.put("source", c.source());
        m.put("verdict", c.verdict().name());
        return m;
    }

    public static String json(ImpactReport r) {
        try {
            return JSON.writeValueAsString(jsonTree(r)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String table(ImpactReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Impact of %s %s -> %s (rollout %s)%n", r.policySet(), r.fromVersion(), r.toVersion(),
                r.rolloutId()));
        row(sb, "scans analysed", r.totalScansAnalyzed() + " over " + days(r.historicalDataRange()));
        row(sb, "failure rate", percent(r.failureRateBefore()) + " -> " + percent(r.failureRateAfter()) + " ("
                + signedPercent(r.failureRateChange()) + ")");
        row(sb, "predicted new failures", r.predictedNewFailures() + " (critical blocks " + r.predictedNewCriticalBlocks()
                + ", resolved " + r.predictedResolvedFailures() + ", new warnings " + r.predictedNewWarnings() + ")");
        row(sb, "affected", r.affectedImages() + " images in " + r.affectedTenants() + " tenants");
        sb.append(String.format("%n  %-34s %12s%n", "team", "new failures"));
        for (ImpactReport.TeamCount t : r.byTeam()) {
            sb.append(String.format(Locale.ROOT, "  %-34s %12d%n", t.team(), t.newFailures()));
        }
        sb.append(String.format("%n  %-34s %12s%n", "rule (first FAIL rule triggered)", "new failures"));
        for (ImpactReport.RuleCount c : r.topTriggeredRules()) {
            sb.append(String.format(Locale.ROOT, "  %-34s %12d%n", c.rule(), c.count()));
        }
        if (!r.excludedTenants().isEmpty()) {
            sb.append(String.format("%n  left out (the %s bundle's scope refuses them):%n", r.toVersion()));
            for (ImpactReport.Excluded e : r.excludedTenants()) {
                sb.append(String.format(Locale.ROOT, "  %-34s %-16s %s (%d scans)%n", e.tenant(), e.code(), e.reason(), e.scans()));
            }
        }
        if (!r.unknownTenants().isEmpty()) {
            sb.append("\n  scans of tenants not in the tenant file were skipped: ").append(String.join(", ", r.unknownTenants()))
                    .append('\n');
        }
        sb.append('\n');
        Check decided = r.verdict().decidedBy();
        row(sb, "recommendation", r.recommendation().name() + ", decided by " + decided.metric() + " "
                + value(decided, decided.predicted()) + " (" + decided.source() + ")");
        sb.append("  thresholds applied (the worst verdict wins; * decided):\n");
        List<String[]> rows = new ArrayList<>();
        for (Check c : r.verdict().checks()) {
            rows.add(new String[] {c == decided ? "*" : " ", c.metric(), value(c, c.predicted()), c.scope(),
                "PROCEED below " + value(c, c.cautionAt()) + ", DO_NOT_PROCEED above " + value(c, c.blockAbove())
                    + " (" + c.source() + ")", c.verdict().name()});
        }
        int[] width = new int[rows.get(0).length];
        rows.forEach(cells -> {
            for (int i = 0; i < cells.length; i++) {
                width[i] = Math.max(width[i], cells[i].length());
            }
        });
        for (String[] cells : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < cells.length; i++) {
                line.append(String.format("%-" + width[i] + "s", cells[i])).append(i + 1 < cells.length ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** A rate as signed percentage points; a predicted count to two decimals (it is an expectation, not a tally). */
    private static String value(Check c, double v) {
        return c.isRate() ? signedPercent(v) : Numbers.plain(Math.round(v * 100) / 100.0);
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append(String.format("  %-24s %s%n", name, value));
    }

    private static Map<String, Object> entry(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1_000_000) / 1_000_000.0;
    }
}
