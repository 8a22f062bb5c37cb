package dev.stagelight.rollout.gate.set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.rollout.gate.analysis.AnalysisJson;
import dev.stagelight.rollout.gate.analysis.AnalysisRun;
import dev.stagelight.rollout.gate.analysis.AnalysisRunner;
import dev.stagelight.rollout.gate.judge.MetricJudge;
import dev.stagelight.rollout.gate.source.QueryResult;
import dev.stagelight.rollout.input.Durations;

/**
 * The JSON verdict of a gate set (plain Jackson tree): status, rule, evaluation time, source, stage and tenants, one
 * {@code evidence} line per part, then each part in full: the guard's counts and queries, each analysis run as
 * {@link AnalysisJson} writes it, each judged metric with the judge's parameters, interval, estimate, effect and both
 * queries as sent, each probe's check. Non-finite numbers are the strings {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}.
 */
public final class VerdictJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private VerdictJson() {}

    public static ObjectNode toJson(GateVerdict v) {
        ObjectNode o = F.objectNode();
        o.put("gate_set", v.set());
        o.put("status", v.status().label());
        o.put("rule", v.rule());
        o.put("at", v.at().toString());
        o.put("source", v.source());
        o.put("stage", v.stage());
        ArrayNode tenants = o.putArray("tenants");
        v.tenants().forEach(tenants::add);
        ArrayNode ev = o.putArray("evidence");
        for (GateVerdict.Evidence e : v.evidence()) {
            ev.addObject().put("kind", e.kind()).put("name", e.name()).put("status", e.status().label())
                    .put("reason", e.reason());
        }
        if (v.guard() != null) {
            ObjectNode g = o.putObject("guard");
            g.put("status", v.guard().status().label());
            g.put("reason", v.guard().reason());
            ObjectNode values = g.putObject("values");
            v.guard().values().forEach((k, x) -> number(values, k, x));
            ArrayNode qs = g.putArray("queries");
            v.guard().queries().forEach(q -> qs.add(AnalysisJson.query(q)));
        }
        ArrayNode analysis = o.putArray("analysis");
        for (AnalysisRun r : v.analysis()) {
            analysis.add(AnalysisJson.toJson(r));
        }
        ArrayNode judge = o.putArray("judge");
        for (GateVerdict.Judged j : v.judge()) {
            judge.add(judged(j));
        }
        ArrayNode adaptive = o.putArray("adaptive");
        for (GateVerdict.Adapted a : v.adaptive()) {
            ObjectNode n = adaptive.addObject();
            n.put("name", a.metric().name());
            n.put("rule", a.metric().rule().id());
            n.put("condition", a.metric().rule().condition());
            n.put("status", a.status().label());
            n.put("reason", a.reason());
            n.put("query", a.metric().query().text());
            if (a.verdict() != null) {
                var x = a.verdict();
                n.put("time", x.time().toString());
                number(n, "value", x.value());
                number(n, "expected", x.expected());
                number(n, "median", x.median());
                number(n, "scale", x.scale());
                number(n, "z", x.z());
                number(n, "threshold", x.threshold());
                n.put("bucket", x.bucket());
                n.put("baseline_samples", x.baselineSamples());
            }
            ArrayNode qs = n.putArray("queries");
            a.queries().forEach(q -> qs.add(AnalysisJson.query(q)));
        }
        ArrayNode probes = o.putArray("probes");
        for (GateVerdict.Probed p : v.probes()) {
            ObjectNode n = probes.addObject();
            n.put("name", p.probe().name());
            n.put("url", p.probe().url().toString());
            n.put("status", p.status().label());
            n.put("state", p.state().status().name().toLowerCase(java.util.Locale.ROOT));
            n.put("failure_limit", p.probe().failureLimit());
            n.put("consecutive_failures", p.state().consecutiveFailures());
            if (p.state().last() != null) {
                n.put("http_status", p.state().last().status());
                n.put("reason", p.state().last().reason());
            }
        }
        return o;
    }

    private static ObjectNode judged(GateVerdict.Judged j) {
        ObjectNode n = F.objectNode();
        JudgedMetric m = j.metric();
        MetricJudge.Config c = m.config();
        n.put("name", m.name());
        n.put("status", j.status().label());
        n.put("reason", j.reason());
        n.put("query", m.query().text());
        n.put("window", Durations.format(m.window()));
        n.put("step", Durations.format(m.step()));
        ObjectNode cfg = n.putObject("config");
        cfg.put("direction", c.direction().name().toLowerCase(java.util.Locale.ROOT));
        cfg.put("tolerance", c.tolerance());
        cfg.put("confidence", c.confidence());
        cfg.put("effect", c.effectMeasure().name().toLowerCase(java.util.Locale.ROOT));
        cfg.put("allowed_decrease", c.allowedDecrease());
        cfg.put("allowed_increase", c.allowedIncrease());
        cfg.put("critical", c.critical());
        cfg.put("min_samples", c.minSamples());
        MetricJudge.Verdict v = j.verdict();
        if (v != null) {
            n.put("label", v.label().name());
            n.put("critical", v.critical());
            number(n, "effect", v.effect());
            n.put("canary_samples", v.canarySamples());
            n.put("baseline_samples", v.baselineSamples());
            number(n, "bound", v.bound());
            if (v.test() != null) {
                ObjectNode t = n.putObject("test");
                number(t, "statistic", v.test().statistic());
                number(t, "p_value", v.test().pValue());
                number(t, "lower", v.test().lower());
                number(t, "upper", v.test().upper());
                number(t, "estimate", v.test().estimate());
                t.put("exact", v.test().exact());
            }
        }
        ArrayNode qs = n.putArray("queries");
        for (QueryResult q : j.queries()) {
            qs.add(AnalysisJson.query(q));
        }
        return n;
    }

    static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.put(key, AnalysisRunner.num(v));
        }
    }
}
