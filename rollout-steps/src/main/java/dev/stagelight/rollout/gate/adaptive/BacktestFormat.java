package dev.stagelight.rollout.gate.adaptive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.rollout.input.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** A backtest as a readable table and as JSON (durations as the plans write them, {@code "15m"}). */
public final class BacktestFormat {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BacktestFormat() {}

    public static String table(BacktestReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "backtest of %s: %,d points %s .. %s, %d labelled incidents%n", r.source(),
                r.points(), r.first(), r.last(), r.incidentsTotal()));
        sb.append("rule ").append(r.rule().describe()).append('\n');
        if (r.scoredFrom() == null) {
            sb.append("no point could be judged: every bucket has fewer than min_samples past values\n");
        } else {
            sb.append(String.format(Locale.ROOT, "scored from %s (after the warm-up): %,d points, %.1f days, %d incidents"
                    + "%s%n", r.scoredFrom(), r.scoredPoints(), r.adaptive().scoredDays(), r.incidentsScored(),
                    r.incidentsTotal() > r.incidentsScored() ? " (" + (r.incidentsTotal() - r.incidentsScored())
                            + " before it, not scored)" : ""));
        }
        sb.append(String.format(Locale.ROOT, "fixed threshold: %s (%s)%n", r.fixedThreshold().condition(),
                r.fixedChosen() ? "searched: the strictest that detects as many incidents as the rule"
                        : "given on the command line"));
        sb.append('\n');
        String fmt = "%-10s %-20s %7s %6s %6s %7s %10s %10s %9s %9s %9s%n";
        sb.append(String.format(Locale.ROOT, fmt, "detector", "condition", "alerts", "true", "false", "FP/day",
                "point FPR", "power", "TTD med", "TTD mean", "TTD max"));
        for (DetectorScore s : new DetectorScore[] {r.adaptive(), r.fixed()}) {
            sb.append(String.format(Locale.ROOT, fmt, s.name(), s.condition(), s.alertCount(), s.truePositives(),
                    s.falsePositives(), String.format(Locale.ROOT, "%.2f", s.falsePositivesPerDay()),
                    String.format(Locale.ROOT, "%.5f", s.pointFalsePositiveRate()),
                    s.incidents() == 0 ? "n/a" : String.format(Locale.ROOT, "%d/%d %.2f", s.detected(), s.incidents(),
                            s.power()), d(s.medianTimeToDetect()), d(s.meanTimeToDetect()), d(s.maxTimeToDetect())));
        }
        sb.append('\n');
        if (Double.isNaN(r.alertReduction())) {
            sb.append("alerts: the fixed threshold raised none; no reduction to report\n");
        } else {
            sb.append(String.format(Locale.ROOT, "alerts: adaptive %s than fixed %s (sprint goal: at least 40%% fewer at"
                    + " the same detection power): %s%n", percent(r.alertReduction()),
                    r.samePowerOrBetter() ? "at the same or better detection power" : "but at LOWER detection power",
                    r.alertReduction() >= 0.4 && r.samePowerOrBetter() ? "met" : "NOT met"));
        }
        if (!Double.isNaN(r.falsePositiveRateReduction())) {
            double f = r.falsePositiveRateReduction();
            sb.append(String.format(Locale.ROOT, "point false-positive rate: %.0f%% %s than fixed (KR3.2: 30-50%%"
                    + " reduction)%n", Math.abs(100 * f), f >= 0 ? "lower" : "higher"));
        }
        if (r.guardrailHolds()) {
            sb.append(String.format(Locale.ROOT, "guardrail: power %.2f >= min_power %s: accepted%n", r.adaptive().power(),
                    AdaptiveRule.num(r.rule().minPower())));
        } else {
            sb.append("guardrail: REFUSED: ").append(r.guardrailRefusal()).append('\n');
        }
        return sb.toString();
    }

    public static String json(BacktestReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", r.source());
        root.put("points", r.points());
        root.put("first", r.first() == null ? null : r.first().toString());
        root.put("last", r.last() == null ? null : r.last().toString());
        root.put("incidents", r.incidentsTotal());
        ObjectNode rule = root.putObject("rule");
        AdaptiveRule a = r.rule();
        rule.put("id", a.id());
        rule.put("method", a.method().spelling());
        rule.put("baseline", a.baseline().spelling());
        if (a.baseline() == Baseline.SEASONAL) {
            rule.put("season", a.season().spelling());
        }
        rule.put("alpha", a.alpha());
        rule.put("window", Durations.format(a.window()));
        rule.put("threshold", a.threshold());
        rule.put("direction", a.direction().spelling());
        rule.put("consecutive", a.consecutive());
        rule.put("min_samples", a.minSamples());
        rule.put("min_power", a.minPower());
        rule.put("min_scale", a.minScale());
        rule.put("zone", a.zone().getId());
        root.put("scored_from", r.scoredFrom() == null ? null : r.scoredFrom().toString());
        root.put("scored_points", r.scoredPoints());
        root.put("scored_incidents", r.incidentsScored());
        ObjectNode fixed = root.putObject("fixed_threshold");
        if (r.fixedThreshold().above() != null) {
            fixed.put("above", r.fixedThreshold().above());
        }
        if (r.fixedThreshold().below() != null) {
            fixed.put("below", r.fixedThreshold().below());
        }
        fixed.put("chosen", r.fixedChosen() ? "searched" : "given");
        root.set("adaptive", score(r.adaptive()));
        root.set("fixed", score(r.fixed()));
        number(root, "alert_reduction", r.alertReduction());
        number(root, "point_fpr_reduction", r.falsePositiveRateReduction());
        root.put("same_power_or_better", r.samePowerOrBetter());
        root.put("goal_met", r.alertReduction() >= 0.4 && r.samePowerOrBetter());
        ObjectNode g = root.putObject("guardrail");
        g.put("min_power", a.minPower());
        g.put("holds", r.guardrailHolds());
        if (!r.guardrailHolds()) {
            g.put("refusal", r.guardrailRefusal());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode score(DetectorScore s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("condition", s.condition());
        o.put("alerts", s.alertCount());
        o.put("true_positives", s.truePositives());
        o.put("false_positives", s.falsePositives());
        o.put("false_positives_per_day", s.falsePositivesPerDay());
        o.put("point_false_positive_rate", s.pointFalsePositiveRate());
        o.put("incidents", s.incidents());
        o.put("detected", s.detected());
        number(o, "power", s.power());
        o.put("ttd_median", s.medianTimeToDetect().map(Durations::format).orElse(null));
        o.put("ttd_mean", s.meanTimeToDetect().map(Durations::format).orElse(null));
        o.put("ttd_max", s.maxTimeToDetect().map(Durations::format).orElse(null));
        ArrayNode alerts = o.putArray("alert_list");
        for (Alert al : s.alerts()) {
            ObjectNode x = alerts.addObject();
            x.put("fired_at", al.firedAt().toString());
            x.put("incident", al.incident());
        }
        return o;
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    private static String d(Optional<Duration> d) {
        return d.map(x -> Durations.format(x.withNanos(0))).orElse("-");
    }

    private static String percent(double reduction) {
        return reduction >= 0 ? String.format(Locale.ROOT, "%.0f%% fewer", 100 * reduction)
                : String.format(Locale.ROOT, "%.0f%% more", -100 * reduction);
    }
}
