package dev.stagelight.rollout.gate.analysis;

import dev.stagelight.rollout.expr.Expression;
import dev.stagelight.rollout.gate.source.Group;
import dev.stagelight.rollout.gate.source.MetricSource;
import dev.stagelight.rollout.gate.source.Outcome;
import dev.stagelight.rollout.gate.source.Query;
import dev.stagelight.rollout.gate.source.QueryResult;
import dev.stagelight.rollout.gate.source.QueryTemplate;
import dev.stagelight.rollout.gate.source.Series;
import dev.stagelight.rollout.gate.source.TemplateVars;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Takes the measurements of an {@link AnalysisRun} that are due, each at its own due time (never the wall clock),
 * in time order across metrics, and stops as soon as the run is FAILED or ERROR.
 *
 * <p>A measurement is ERROR when a query got no answer (the outcome says which: bad query, 422, 503, timeout, ...);
 * INCONCLUSIVE when an answer has no data (empty, NaN, fewer than {@code min_samples} values, traffic below its
 * minimum, or a value a condition reads is NaN such as 0/0); otherwise the conditions decide as in Argo: a true
 * failure condition fails; with both conditions, a true success condition succeeds and neither is inconclusive; with
 * only one, its opposite decides. An infinite value never passes: a measurement the conditions would pass while a
 * value they read is infinite is INCONCLUSIVE instead.
 */
public final class AnalysisRunner {
    private final MetricSource source;

    public AnalysisRunner(MetricSource source) {
        this.source = source;
    }

    /** Takes every measurement due at or before {@code now}; returns the new run. */
    public AnalysisRun advance(AnalysisRun run, TemplateVars vars, Instant now) {
        AnalysisRun r = run;
        while (!r.status().completed()) {
            int next = -1;
            Instant due = null;
            for (int i = 0; i < r.metrics().size(); i++) {
                Instant d = r.metrics().get(i).nextDue().orElse(null);
                if (d != null && !d.isAfter(now) && (due == null || d.isBefore(due))) {
                    next = i;
                    due = d;
                }
            }
            if (next < 0) {
                return r;
            }
            MetricRun m = r.metrics().get(next);
            r = r.with(next, m.with(measure(m.metric(), vars, due, m.measurements().size())));
        }
        return r;
    }

    /** Evaluates {@code template} once over the history ending at {@code at}: every measurement is taken. */
    public AnalysisRun evaluate(AnalysisTemplate template, TemplateVars vars, Instant at) {
        return advance(AnalysisRun.endingAt(template, at), vars, at);
    }

    /** One measurement of {@code m} at {@code t}. */
    public Measurement measure(AnalysisMetric m, TemplateVars stageVars, Instant t, int index) {
        TemplateVars vars = stageVars.withInterval(m.interval());
        List<QueryResult> asked = new ArrayList<>();
        Map<String, Double> values = new LinkedHashMap<>();
        try {
            if (m.traffic() != null) {
                double traffic = Double.POSITIVE_INFINITY;
                for (TemplateVars v : sides(m.traffic().query(), vars)) {
                    QueryResult r = source.query(Query.instant(m.traffic().query().render(v), t));
                    asked.add(r);
                    String problem = noData(r, 1);
                    if (problem != null) {
                        return done(index, t, r.outcome().answered() ? Status.INCONCLUSIVE : Status.ERROR, values,
                                asked, "traffic query, " + label(v) + problem);
                    }
                    traffic = Math.min(traffic, first(r));
                }
                values.put("traffic", traffic);
                if (traffic < m.traffic().min()) {
                    return done(index, t, Status.INCONCLUSIVE, values, asked, String.format(Locale.ROOT,
                            "too little traffic: %s < min %s", num(traffic), num(m.traffic().min())));
                }
            }
            for (TemplateVars v : sides(m.query(), vars)) {
                QueryResult r = source.query(m.window() == null ? Query.instant(m.query().render(v), t)
                        : Query.range(m.query().render(v), t.minus(m.window()), t, m.step()));
                asked.add(r);
                String problem = noData(r, m.minSamples());
                if (problem != null) {
                    return done(index, t, r.outcome().answered() ? Status.INCONCLUSIVE : Status.ERROR, values, asked,
                            label(v) + problem);
                }
                String side = v.group() == null ? "result" : v.group().label();
                values.putAll(ResultSchema.side(side, first(r), r.values()));
                if (v.group() == Group.CANARY) {
                    values.putAll(ResultSchema.side("result", first(r), r.values()));
                }
            }
        } catch (IllegalArgumentException e) {
            // A template that cannot render for this stage (no tenants, no single tenant): not a pass, not the
            // metrics' fault either.
            return done(index, t, Status.ERROR, values, asked, "cannot render the query: " + e.getMessage());
        }
        if (m.compares()) {
            values.put("ratio", values.get("canary") / values.get("baseline"));
            values.put("delta", values.get("canary") - values.get("baseline"));
        }
        return decide(m, index, t, values, asked);
    }

    private static Measurement decide(AnalysisMetric m, int index, Instant t, Map<String, Double> values,
                                      List<QueryResult> asked) {
        Set<String> read = new java.util.TreeSet<>();
        for (Expression e : new Expression[] {m.successCondition(), m.failureCondition()}) {
            if (e != null) {
                read.addAll(e.identifiers());
            }
        }
        Map<String, Double> shown = new LinkedHashMap<>();
        for (String id : read) {
            shown.put(id, values.getOrDefault(id, Double.NaN));
        }
        String seen = shown.entrySet().stream().map(e -> e.getKey() + " = " + num(e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("");
        for (Map.Entry<String, Double> e : shown.entrySet()) {
            if (Double.isNaN(e.getValue())) {
                return done(index, t, Status.INCONCLUSIVE, shown, asked, "no data: " + e.getKey() + " is NaN ("
                        + seen + ")");
            }
        }
        var b = ResultSchema.bind(values);
        Expression fail = m.failureCondition(), success = m.successCondition();
        Status s;
        String rule;
        if (fail != null && fail.evaluate(b)) {
            s = Status.FAILED;
            rule = "failure_condition `" + fail.text().strip() + "` is true";
        } else if (success != null && success.evaluate(b)) {
            s = Status.SUCCESSFUL;
            rule = "success_condition `" + success.text().strip() + "` is true";
        } else if (success != null && fail != null) {
            s = Status.INCONCLUSIVE;
            rule = "neither condition is true";
        } else if (success != null) {
            s = Status.FAILED;
            rule = "success_condition `" + success.text().strip() + "` is false";
        } else {
            s = Status.SUCCESSFUL;
            rule = "failure_condition `" + fail.text().strip() + "` is false";
        }
        if (s == Status.SUCCESSFUL && shown.values().stream().anyMatch(v -> Double.isInfinite(v))) {
            s = Status.INCONCLUSIVE;
            rule += ", but an infinite value cannot pass";
        }
        return done(index, t, s, shown, asked, rule + " (" + seen + ")");
    }

    /** Why {@code r} gives nothing to judge, or null when it has data. */
    private static String noData(QueryResult r, int minSamples) {
        if (!r.outcome().answered() || r.outcome() == Outcome.EMPTY || r.outcome() == Outcome.NAN) {
            return r.outcome().label() + ": " + r.message();
        }
        if (r.values().length < minSamples) {
            return "too little data: " + r.values().length + " values < min_samples " + minSamples;
        }
        return null;
    }

    /** The first series' value: its only sample (instant) or its last (range); series sorted by labels. */
    private static double first(QueryResult r) {
        Series s = r.series().stream().min(java.util.Comparator.comparing(Series::labelText)).orElseThrow();
        return s.samples().get(s.samples().size() - 1).value();
    }

    private static List<TemplateVars> sides(QueryTemplate q, TemplateVars vars) {
        return q.uses(QueryTemplate.Var.GROUP) ? List.of(vars.withGroup(Group.BASELINE), vars.withGroup(Group.CANARY))
                : List.of(vars);
    }

    private static String label(TemplateVars v) {
        return v.group() == null ? "" : v.group().label() + ": ";
    }

    private static Measurement done(int index, Instant t, Status s, Map<String, Double> values,
                                    List<QueryResult> asked, String reason) {
        return new Measurement(index, t, s, values, asked, reason);
    }

    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1");
    }
}
