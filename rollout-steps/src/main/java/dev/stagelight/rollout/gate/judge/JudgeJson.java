package dev.stagelight.rollout.gate.judge;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The judge's verdict as JSON: the run's result, score and reason, the group scores, and per metric its
 * classification, reason, the test (method, W, p-value), the interval and estimate, the bound they are held against,
 * the effect size with its thresholds, the settings, and the sample counts per side. NaN and infinities, which JSON
 * cannot hold, are the strings {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}; a value with no meaning (no test ran)
 * is left out.
 */
public final class JudgeJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JudgeJson() {}

    public static ObjectNode toJson(CanaryJudge.Result r) {
        ObjectNode root = F.objectNode();
        root.put("judge", "mann-whitney (NetflixACAJudge scoring)");
        root.put("result", r.outcome().label());
        number(root, "score", r.score());
        root.put("reason", r.reason());
        root.putObject("thresholds").put("pass", r.passThreshold()).put("marginal", r.marginalThreshold());
        ArrayNode groups = root.putArray("groups");
        for (CanaryJudge.GroupScore g : r.groups()) {
            ObjectNode o = groups.addObject();
            o.put("name", g.name());
            o.put("weight", g.weight());
            if (g.noData()) {
                o.put("no_data", true);
            } else {
                o.put("score", g.score());
            }
            o.put("passed", g.passed()).put("scored", g.scored()).put("metrics", g.metrics());
        }
        ArrayNode metrics = root.putArray("metrics");
        for (CanaryJudge.MetricResult m : r.metrics()) {
            metrics.add(metric(m));
        }
        return root;
    }

    static ObjectNode metric(CanaryJudge.MetricResult m) {
        MetricJudge.Verdict v = m.verdict();
        MetricJudge.Config c = m.spec().config();
        ObjectNode o = F.objectNode();
        o.put("name", m.spec().name());
        ArrayNode gs = o.putArray("groups");
        m.spec().groups().forEach(gs::add);
        o.put("classification", v.label().kayenta());
        o.put("critical", v.critical());
        o.put("reason", v.explanation());
        MannWhitney.Result t = v.test();
        if (t != null) {
            ObjectNode test = o.putObject("test");
            boolean ran = !Double.isNaN(t.statistic());
            test.put("method", ran ? t.method() : "none: both sides constant, the shift is exact");
            if (ran) {
                number(test, "statistic", t.statistic());
                number(test, "p_value", t.pValue());
            }
            ObjectNode ci = o.putObject("interval");
            number(ci, "lower", t.lower());
            number(ci, "upper", t.upper());
            ci.put("confidence", c.confidence());
            number(o, "estimate", t.estimate());
            number(o, "bound", v.bound());
        }
        ObjectNode es = o.putObject("effect_size");
        es.put("measure", c.effectMeasure().spelling());
        number(es, "value", v.effect());
        es.put("allowed_decrease", c.allowedDecrease()).put("allowed_increase", c.allowedIncrease());
        if (c.critical()) {
            es.put("critical_decrease", c.criticalDecrease()).put("critical_increase", c.criticalIncrease());
        }
        ObjectNode s = o.putObject("settings");
        s.put("tolerance", c.tolerance());
        s.put("direction", c.direction().spelling());
        s.put("nan_strategy", c.nanStrategy().spelling());
        s.put("min_samples", c.minSamples());
        s.put("must_have_data", c.dataRequired());
        s.put("critical", c.critical());
        ObjectNode out = s.putObject("outliers").put("remove", c.removeOutliers());
        if (c.removeOutliers()) {
            out.put("factor", c.outlierFactor()).put("reduce_sensitivity", c.reduceSensitivity());
        }
        ObjectNode samples = o.putObject("samples");
        counts(samples.putObject("canary"), v.canary());
        counts(samples.putObject("baseline"), v.baseline());
        return o;
    }

    private static void counts(ObjectNode o, MetricJudge.Counts c) {
        o.put("given", c.given()).put("nan", c.nan()).put("outliers", c.outliers()).put("used", c.used());
    }

    static void number(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.put(key, "NaN");
        } else if (Double.isInfinite(v)) {
            o.put(key, v > 0 ? "+Inf" : "-Inf");
        } else {
            o.put(key, v);
        }
    }

    /** One readable line for the run, as the CLI prints it first. */
    public static String summary(CanaryJudge.Result r) {
        return String.format(Locale.ROOT, "judge: %s%s, %s", r.outcome().label().toUpperCase(Locale.ROOT),
                Double.isNaN(r.score()) ? "" : " (score " + MetricJudge.fmt(r.score()) + ")", r.reason());
    }
}
