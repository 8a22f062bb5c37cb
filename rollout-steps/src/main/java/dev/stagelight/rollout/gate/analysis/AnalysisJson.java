package dev.stagelight.rollout.gate.analysis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.rollout.gate.source.QueryResult;
import dev.stagelight.rollout.gate.source.Sample;
import dev.stagelight.rollout.gate.source.Series;
import dev.stagelight.rollout.input.Durations;
import java.util.Map;

/**
 * The JSON verdict of a run: for each metric its status and the rule that gave it, its conditions and limits, and
 * for each measurement the time, status, reason, the values the conditions read and every query as sent with its
 * evaluation time, outcome and series. NaN and infinities, which JSON cannot hold, are the strings
 * {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}, as in the Prometheus API.
 */
public final class AnalysisJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AnalysisJson() {}

    public static ObjectNode toJson(AnalysisRun run) {
        ObjectNode root = F.objectNode();
        root.put("template", run.template().name());
        root.put("status", run.status().label());
        ArrayNode metrics = root.putArray("metrics");
        for (MetricRun m : run.metrics()) {
            AnalysisMetric d = m.metric();
            MetricRun.Assessment a = m.assess();
            ObjectNode n = metrics.addObject();
            n.put("name", d.name());
            n.put("status", a.status().label());
            n.put("rule", a.reason());
            n.put("query", d.query().text());
            n.put("interval", Durations.format(d.interval()));
            n.put("count", d.count());
            n.put("start", m.start().toString());
            if (d.window() != null) {
                n.put("window", Durations.format(d.window()));
                n.put("step", Durations.format(d.step()));
            }
            if (d.successCondition() != null) {
                n.put("success_condition", d.successCondition().text().strip());
            }
            if (d.failureCondition() != null) {
                n.put("failure_condition", d.failureCondition().text().strip());
            }
            n.put("failure_limit", d.failureLimit());
            n.put("inconclusive_limit", d.inconclusiveLimit());
            n.put("consecutive_error_limit", d.consecutiveErrorLimit());
            n.put("min_samples", d.minSamples());
            if (d.traffic() != null) {
                n.putObject("traffic").put("query", d.traffic().query().text()).put("min", d.traffic().min());
            }
            ArrayNode ms = n.putArray("measurements");
            for (Measurement x : m.measurements()) {
                ObjectNode o = ms.addObject();
                o.put("index", x.index());
                o.put("time", x.time().toString());
                o.put("status", x.status().label());
                o.put("reason", x.reason());
                ObjectNode values = o.putObject("values");
                for (Map.Entry<String, Double> e : x.values().entrySet()) {
                    number(values, e.getKey(), e.getValue());
                }
                ArrayNode qs = o.putArray("queries");
                for (QueryResult q : x.queries()) {
                    qs.add(query(q));
                }
            }
        }
        return root;
    }

    public static ObjectNode query(QueryResult q) {
        ObjectNode o = F.objectNode();
        o.put("source", q.source());
        o.put("query", q.query());
        if (q.isRange()) {
            o.put("start", q.start().toString());
            o.put("end", q.time().toString());
            o.put("step", Durations.format(q.step()));
        } else {
            o.put("time", q.time().toString());
        }
        o.put("outcome", q.outcome().label());
        o.put("message", q.message());
        o.put("attempts", q.attempts());
        ArrayNode series = o.putArray("series");
        for (Series s : q.series()) {
            ObjectNode sn = series.addObject();
            ObjectNode labels = sn.putObject("labels");
            s.labels().forEach(labels::put);
            ArrayNode samples = sn.putArray("samples");
            for (Sample p : s.samples()) {
                ArrayNode pair = samples.addArray();
                pair.add(p.time().toString());
                if (Double.isFinite(p.value())) {
                    pair.add(p.value());
                } else {
                    pair.add(AnalysisRunner.num(p.value()));
                }
            }
        }
        return o;
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.put(key, AnalysisRunner.num(v));
        }
    }
}
