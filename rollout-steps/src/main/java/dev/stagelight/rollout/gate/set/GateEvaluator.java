package dev.stagelight.rollout.gate.set;

import dev.stagelight.rollout.gate.adaptive.AdaptiveDetector;
import dev.stagelight.rollout.gate.adaptive.AdaptiveVerdict;
import dev.stagelight.rollout.gate.analysis.AnalysisRun;
import dev.stagelight.rollout.gate.analysis.AnalysisRunner;
import dev.stagelight.rollout.gate.analysis.AnalysisTemplate;
import dev.stagelight.rollout.gate.judge.MetricJudge;
import dev.stagelight.rollout.gate.probe.HttpProbe;
import dev.stagelight.rollout.gate.probe.HttpProber;
import dev.stagelight.rollout.gate.probe.ProbeState;
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
import java.util.Map;

/**
 * Evaluates a gate set once at an explicit time (the engine's clock or {@code --at}, never the wall clock): the guard
 * first (too little traffic leaves the metrics unjudged: INCONCLUSIVE), then every analysis template over the history
 * ending at that time, every judged metric over its window, every adaptive rule over its window, every probe once. The status is the worst part's.
 */
public final class GateEvaluator {
    private final MetricSource source;
    private final HttpProber prober;
    private final AnalysisRunner runner;

    public GateEvaluator(MetricSource source, HttpProber prober) {
        this.source = source;
        this.prober = prober;
        this.runner = new AnalysisRunner(source);
    }

    public GateVerdict evaluate(GateSet set, TemplateVars vars, Instant at) {
        GateVerdict.Guard guard = set.guard() == null ? null : guard(set.guard(), vars, at);
        List<AnalysisRun> runs = new ArrayList<>();
        List<GateVerdict.Judged> judged = new ArrayList<>();
        List<GateVerdict.Adapted> adapted = new ArrayList<>();
        if (guard == null || guard.status() == GateStatus.PASS) {
            for (AnalysisTemplate t : set.analysis()) {
                runs.add(runner.evaluate(t, vars, at));
            }
            for (JudgedMetric m : set.judge()) {
                judged.add(judge(m, vars, at));
            }
            for (AdaptiveMetric m : set.adaptive()) {
                adapted.add(adaptive(m, vars, at));
            }
        }
        List<GateVerdict.Probed> probes = new ArrayList<>();
        for (HttpProbe p : set.probes()) {
            ProbeState st = ProbeState.initial(p).record(prober.check(p, at));
            probes.add(new GateVerdict.Probed(p, st, switch (st.status()) {
                case HEALTHY -> GateStatus.PASS;
                case FAILED -> GateStatus.FAILED;
                case UNKNOWN, FAILING -> GateStatus.INCONCLUSIVE; // failing, not yet past its limit
            }));
        }
        GateVerdict draft = new GateVerdict(set.name(), source.describe(), at, vars.stage(), vars.tenants(),
                GateStatus.PASS, "", guard, runs, judged, adapted, probes);
        GateStatus worst = GateStatus.PASS;
        String rule = "every part passed";
        for (GateVerdict.Evidence e : draft.evidence()) {
            if (e.status().worseThan(worst)) {
                worst = e.status();
                rule = e.kind() + " " + e.name() + " is " + e.status().label();
            }
        }
        if (guard != null && guard.status() != GateStatus.PASS) {
            rule += "; metrics not judged";
        }
        return new GateVerdict(set.name(), source.describe(), at, vars.stage(), vars.tenants(), worst, rule, guard,
                runs, judged, adapted, probes);
    }

    private GateVerdict.Guard guard(TrafficGuard g, TemplateVars vars, Instant at) {
        Map<String, Double> values = new LinkedHashMap<>();
        List<QueryResult> asked = new ArrayList<>();
        GateStatus status = GateStatus.PASS;
        List<String> why = new ArrayList<>();
        for (TemplateVars v : sides(g.query(), vars)) {
            String side = v.group() == null ? "traffic" : v.group().label();
            QueryResult r;
            try {
                r = source.query(Query.instant(g.query().render(v), at));
            } catch (IllegalArgumentException e) {
                return new GateVerdict.Guard(GateStatus.ERROR, values, asked, "cannot render the query: "
                        + e.getMessage());
            }
            asked.add(r);
            if (!r.outcome().answered()) { // unreadable: no need to ask the other side
                return new GateVerdict.Guard(GateStatus.ERROR, values, asked, "traffic unreadable: " + side + ": "
                        + r.outcome().label() + ", " + r.message());
            }
            double value = r.outcome() == Outcome.OK ? first(r) : Double.NaN;
            values.put(side, value);
            if (!(value >= g.min())) {
                status = GateStatus.worst(status, GateStatus.INCONCLUSIVE);
                why.add(side + " " + AnalysisRunner.num(value) + " < min " + AnalysisRunner.num(g.min())
                        + (r.outcome() == Outcome.OK ? "" : " (" + r.outcome().label() + ": " + r.message() + ")"));
            } else {
                why.add(side + " " + AnalysisRunner.num(value) + " >= min " + AnalysisRunner.num(g.min()));
            }
        }
        String reason = (status == GateStatus.PASS ? "enough traffic: " : "too little traffic: ")
                + String.join(", ", why);
        return new GateVerdict.Guard(status, values, asked, reason);
    }

    private GateVerdict.Judged judge(JudgedMetric m, TemplateVars vars, Instant at) {
        List<QueryResult> asked = new ArrayList<>();
        Map<Group, double[]> samples = new LinkedHashMap<>();
        for (Group g : Group.values()) {
            QueryResult r;
            try {
                r = source.query(Query.range(m.query().render(vars.withGroup(g)), at.minus(m.window()), at, m.step()));
            } catch (IllegalArgumentException e) {
                return new GateVerdict.Judged(m, GateStatus.ERROR, null, asked, "cannot render the query: "
                        + e.getMessage());
            }
            asked.add(r);
            if (!r.outcome().answered()) {
                return new GateVerdict.Judged(m, GateStatus.ERROR, null, asked, g.label() + ": "
                        + r.outcome().label() + ", " + r.message());
            }
            samples.put(g, r.values());
        }
        MetricJudge.Verdict v;
        try {
            v = MetricJudge.judge(m.name(), samples.get(Group.CANARY), samples.get(Group.BASELINE), m.config());
        } catch (IllegalArgumentException e) { // an infinite sample: nothing the judge can rank
            return new GateVerdict.Judged(m, GateStatus.INCONCLUSIVE, null, asked, e.getMessage());
        }
        GateStatus s = switch (v.label()) {
            case PASS -> GateStatus.PASS;
            case HIGH, LOW, NODATA_FAIL -> GateStatus.FAILED;
            case NODATA -> GateStatus.INCONCLUSIVE;
            case ERROR -> GateStatus.ERROR; // the judge could not finish its test: not a pass, not a measured rise
        };
        String why = v.explanation().startsWith(m.name() + ": ") // the evidence line names the metric already
                ? v.explanation().substring(m.name().length() + 2) : v.explanation();
        return new GateVerdict.Judged(m, s, v, asked, why);
    }

    /**
     * The rule over its window: every point scored against the points before it; the last point at or before
     * {@code at} decides, failing only when it and the {@code consecutive - 1} points before it are all anomalous.
     */
    private GateVerdict.Adapted adaptive(AdaptiveMetric m, TemplateVars vars, Instant at) {
        QueryResult r;
        try {
            r = source.query(Query.range(m.query().render(vars), at.minus(m.rule().window()), at, m.step()));
        } catch (IllegalArgumentException e) {
            return new GateVerdict.Adapted(m, GateStatus.ERROR, null, List.of(), "cannot render the query: "
                    + e.getMessage());
        }
        if (!r.outcome().answered()) {
            return new GateVerdict.Adapted(m, GateStatus.ERROR, null, List.of(r), r.outcome().label() + ", "
                    + r.message());
        }
        if (r.series().isEmpty()) {
            return new GateVerdict.Adapted(m, GateStatus.INCONCLUSIVE, null, List.of(r), "no data: " + r.message());
        }
        Series s = r.series().stream().min(java.util.Comparator.comparing(Series::labelText)).orElseThrow();
        List<dev.stagelight.rollout.gate.source.Sample> pts = s.samples().stream()
                .filter(p -> !p.time().isAfter(at)).toList();
        List<AdaptiveVerdict> all = new AdaptiveDetector(m.rule()).evaluateAll(pts);
        if (all.isEmpty()) {
            return new GateVerdict.Adapted(m, GateStatus.INCONCLUSIVE, null, List.of(r), "no data at or before " + at);
        }
        AdaptiveVerdict last = all.get(all.size() - 1);
        int run = 0;
        for (int i = all.size() - 1; i >= 0 && all.get(i).anomalous(); i--) {
            run++;
        }
        GateStatus status = GateStatus.of(last.gateStatus());
        String reason = last.explain();
        if (status == GateStatus.FAILED && run < m.rule().consecutive()) {
            status = GateStatus.PASS;
            reason += "; " + run + " anomalous in a row < consecutive " + m.rule().consecutive();
        } else if (status == GateStatus.FAILED) {
            reason += "; " + run + " anomalous in a row >= consecutive " + m.rule().consecutive();
        }
        return new GateVerdict.Adapted(m, status, last, List.of(r), reason);
    }

    private static List<TemplateVars> sides(QueryTemplate q, TemplateVars vars) {
        return q.uses(QueryTemplate.Var.GROUP) ? List.of(vars.withGroup(Group.BASELINE), vars.withGroup(Group.CANARY))
                : List.of(vars);
    }

    private static double first(QueryResult r) {
        Series s = r.series().stream().min(java.util.Comparator.comparing(Series::labelText)).orElseThrow();
        return s.samples().get(s.samples().size() - 1).value();
    }
}
