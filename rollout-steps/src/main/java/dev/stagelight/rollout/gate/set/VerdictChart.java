package dev.stagelight.rollout.gate.set;

import dev.stagelight.rollout.gate.analysis.AnalysisRun;
import dev.stagelight.rollout.gate.analysis.Measurement;
import dev.stagelight.rollout.gate.analysis.MetricRun;
import dev.stagelight.rollout.gate.judge.MetricJudge;
import dev.stagelight.rollout.gate.source.QueryResult;
import dev.stagelight.rollout.gate.source.Sample;
import dev.stagelight.rollout.gate.source.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small static SVG of a verdict: one panel per compared metric with the baseline (grey) and canary (blue) series
 * over the evaluated window and the thresholds drawn in (red, dashed): for a judged metric the baseline mean times the
 * allowed increase/decrease, for an analysis metric every {@code canary}/{@code result} bound its conditions compare
 * with a number, for an adaptive metric (its series alone, drawn as the canary) expected + threshold × scale. No script, no external reference; every text (names, rules, labels from the metrics) is escaped.
 */
public final class VerdictChart {
    private static final int W = 640, H = 170, PAD_L = 60, PAD_R = 16, PAD_T = 34, PAD_B = 22;
    private static final Pattern BOUND = Pattern.compile("\\b(canary|result)\\s*(<=|>=|<|>)\\s*(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)");

    private record Point(double t, double v) {}

    private record Panel(String title, String status, List<Point> baseline, List<Point> canary, List<Double> bounds) {}

    private VerdictChart() {}

    public static String svg(GateOutcome outcome) {
        List<Panel> panels = new ArrayList<>();
        for (GateOutcome.Cohort c : outcome.cohorts()) {
            String prefix = outcome.perCohort() ? outcome.label() + "=" + c.name() + ": " : "";
            panels.addAll(panels(prefix, c.verdict()));
        }
        int height = 30 + Math.max(1, panels.size()) * H;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\">\n");
        sb.append("<title>").append(esc("gate verdict: " + outcome.status().label() + " (" + outcome.rule() + ")"))
                .append("</title>\n");
        sb.append("<text x=\"8\" y=\"18\" font-size=\"13\" font-weight=\"bold\">")
                .append(esc(outcome.status().label().toUpperCase(Locale.ROOT) + ": " + outcome.rule())).append("</text>\n");
        if (panels.isEmpty()) {
            sb.append("<text x=\"8\" y=\"60\">").append(esc("no baseline/canary series in this verdict"))
                    .append("</text>\n");
        }
        for (int i = 0; i < panels.size(); i++) {
            panel(sb, panels.get(i), 30 + i * H);
        }
        return sb.append("</svg>\n").toString();
    }

    private static List<Panel> panels(String prefix, GateVerdict v) {
        List<Panel> out = new ArrayList<>();
        for (GateVerdict.Judged j : v.judge()) {
            if (j.queries().size() < 2) {
                continue;
            }
            List<Point> b = points(j.queries().get(0)), c = points(j.queries().get(1));
            List<Double> bounds = new ArrayList<>();
            MetricJudge.Config cfg = j.metric().config();
            double mean = b.stream().mapToDouble(Point::v).average().orElse(Double.NaN);
            if (Double.isFinite(mean)) {
                if (cfg.direction() != MetricJudge.Direction.DECREASE) {
                    bounds.add(mean * cfg.allowedIncrease());
                }
                if (cfg.direction() != MetricJudge.Direction.INCREASE) {
                    bounds.add(mean * cfg.allowedDecrease());
                }
            }
            out.add(new Panel(prefix + "judge " + j.metric().name() + ": " + j.reason(), j.status().label(), b, c,
                    bounds));
        }
        for (GateVerdict.Adapted a : v.adaptive()) {
            if (a.queries().isEmpty()) {
                continue;
            }
            List<Double> bounds = new ArrayList<>();
            var x = a.verdict();
            if (x != null && Double.isFinite(x.expected()) && Double.isFinite(x.scale())) {
                bounds.add(x.expected() + x.threshold() * x.scale()); // where the robust z-score crosses the threshold
            }
            out.add(new Panel(prefix + "adaptive " + a.metric().name() + ": " + a.reason(), a.status().label(),
                    List.of(), points(a.queries().get(0)), bounds));
        }
        for (AnalysisRun r : v.analysis()) {
            for (MetricRun m : r.metrics()) {
                List<Point> b = new ArrayList<>(), c = new ArrayList<>();
                for (Measurement x : m.measurements()) {
                    double t = x.time().getEpochSecond();
                    Double bv = x.values().get("baseline"), cv = x.values().get(m.metric().compares() ? "canary" : "result");
                    if (bv != null && Double.isFinite(bv)) {
                        b.add(new Point(t, bv));
                    }
                    if (cv != null && Double.isFinite(cv)) {
                        c.add(new Point(t, cv));
                    }
                }
                List<Double> bounds = new ArrayList<>();
                for (var e : new dev.stagelight.rollout.expr.Expression[] {m.metric().successCondition(),
                        m.metric().failureCondition()}) {
                    if (e != null) {
                        Matcher mm = BOUND.matcher(e.text());
                        while (mm.find()) {
                            bounds.add(Double.parseDouble(mm.group(3)));
                        }
                    }
                }
                out.add(new Panel(prefix + "analysis " + r.template().name() + "/" + m.metric().name() + ": "
                        + m.assess().reason(), GateStatus.of(m.status()).label(), b, c, bounds));
            }
        }
        return out;
    }

    private static List<Point> points(QueryResult r) {
        List<Point> out = new ArrayList<>();
        for (Series s : r.series()) {
            for (Sample p : s.samples()) {
                if (Double.isFinite(p.value())) {
                    out.add(new Point(p.time().getEpochSecond() + p.time().getNano() / 1e9, p.value()));
                }
            }
        }
        out.sort(java.util.Comparator.comparingDouble(Point::t));
        return out;
    }

    private static void panel(StringBuilder sb, Panel p, int top) {
        double t0 = Double.MAX_VALUE, t1 = -Double.MAX_VALUE, v0 = Double.MAX_VALUE, v1 = -Double.MAX_VALUE;
        for (List<Point> s : List.of(p.baseline(), p.canary())) {
            for (Point q : s) {
                t0 = Math.min(t0, q.t());
                t1 = Math.max(t1, q.t());
                v0 = Math.min(v0, q.v());
                v1 = Math.max(v1, q.v());
            }
        }
        for (double b : p.bounds()) {
            v0 = Math.min(v0, b);
            v1 = Math.max(v1, b);
        }
        String title = p.title().length() > 110 ? p.title().substring(0, 107) + "..." : p.title();
        sb.append("<g transform=\"translate(0,").append(top).append(")\">\n");
        sb.append("<text x=\"8\" y=\"14\">").append(esc("[" + p.status() + "] " + title)).append("</text>\n");
        int x0 = PAD_L, x1 = W - PAD_R, y0 = H - PAD_B, y1 = PAD_T;
        sb.append("<rect x=\"").append(x0).append("\" y=\"").append(y1).append("\" width=\"").append(x1 - x0)
                .append("\" height=\"").append(y0 - y1).append("\" fill=\"none\" stroke=\"#ccc\"/>\n");
        if (t0 > t1) {
            sb.append("<text x=\"").append(x0 + 8).append("\" y=\"").append((y0 + y1) / 2).append("\">no data</text>\n</g>\n");
            return;
        }
        if (v1 - v0 < 1e-12) {
            v0 -= Math.abs(v0) * 0.1 + 1e-9;
            v1 += Math.abs(v1) * 0.1 + 1e-9;
        }
        double span = Math.max(t1 - t0, 1e-9);
        double tt0 = t0, vv0 = v0, vv1 = v1;
        java.util.function.DoubleUnaryOperator fx = t -> x0 + (t - tt0) / span * (x1 - x0);
        java.util.function.DoubleUnaryOperator fy = v -> y0 - (v - vv0) / (vv1 - vv0) * (y0 - y1);
        sb.append("<text x=\"").append(x0 - 4).append("\" y=\"").append(y1 + 4).append("\" text-anchor=\"end\">")
                .append(esc(fmt(v1))).append("</text>\n");
        sb.append("<text x=\"").append(x0 - 4).append("\" y=\"").append(y0).append("\" text-anchor=\"end\">")
                .append(esc(fmt(v0))).append("</text>\n");
        sb.append("<text x=\"").append(x0).append("\" y=\"").append(H - 6).append("\">")
                .append(esc(java.time.Instant.ofEpochSecond((long) t0).toString())).append("</text>\n");
        sb.append("<text x=\"").append(x1).append("\" y=\"").append(H - 6).append("\" text-anchor=\"end\">")
                .append(esc(java.time.Instant.ofEpochSecond((long) t1).toString())).append("</text>\n");
        for (double b : p.bounds()) {
            double y = fy.applyAsDouble(b);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c00\""
                    + " stroke-dasharray=\"4 3\"/>%n", x0, y, x1, y));
        }
        line(sb, p.baseline(), fx, fy, "#888", "baseline");
        line(sb, p.canary(), fx, fy, "#1f5fbf", "canary");
        sb.append("<text x=\"").append(x1 - 4).append("\" y=\"").append(y1 + 12)
                .append("\" text-anchor=\"end\"><tspan fill=\"#888\">baseline</tspan> <tspan fill=\"#1f5fbf\">canary</tspan>")
                .append(p.bounds().isEmpty() ? "" : " <tspan fill=\"#c00\">threshold</tspan>").append("</text>\n");
        sb.append("</g>\n");
    }

    private static void line(StringBuilder sb, List<Point> pts, java.util.function.DoubleUnaryOperator fx,
                             java.util.function.DoubleUnaryOperator fy, String colour, String name) {
        if (pts.isEmpty()) {
            return;
        }
        sb.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" points=\"");
        for (Point q : pts) {
            sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", fx.applyAsDouble(q.t()), fy.applyAsDouble(q.v())));
        }
        sb.setLength(sb.length() - 1);
        sb.append("\"><title>").append(esc(name)).append("</title></polyline>\n");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** XML text and attribute escaping; control characters XML cannot hold become spaces. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return sb.toString();
    }
}
