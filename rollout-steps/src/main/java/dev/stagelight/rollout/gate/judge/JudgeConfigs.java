package dev.stagelight.rollout.gate.judge;

import dev.stagelight.rollout.gate.judge.MetricJudge.Config;
import dev.stagelight.rollout.gate.judge.MetricJudge.Direction;
import dev.stagelight.rollout.gate.judge.MetricJudge.EffectMeasure;
import dev.stagelight.rollout.gate.judge.MetricJudge.NanStrategy;
import dev.stagelight.rollout.input.InputDocument;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.InputNode;
import dev.stagelight.rollout.input.Loaded;
import dev.stagelight.rollout.input.Strictness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a judge configuration (YAML or JSON) through the project's input loader; every error names the file, the
 * position and the field.
 *
 * <pre>
 *   thresholds: {pass: 75, marginal: 50}
 *   group_weights: {latency: 60, errors: 40}
 *   defaults:                       # every metric's settings unless it sets its own
 *     tolerance: 0.25
 *     confidence: 0.98
 *     direction: either             # increase | decrease | either
 *     nan_strategy: remove          # remove | replace (by 0)
 *     effect_size: {measure: mean_ratio, allowed_decrease: 1.0, allowed_increase: 1.0,
 *                   critical_decrease: 1.0, critical_increase: 1.0}   # measure: mean_ratio | cles
 *     outliers: {remove: true, factor: 3.0, reduce_sensitivity: true}
 *     min_samples: 1
 *     must_have_data: false
 *     critical: false
 *   metrics:                        # omitted: every metric in the samples, with the defaults, group "default"
 *     - name: latency_p95
 *       groups: [latency]
 *       direction: increase
 *       critical: true
 *       effect_size: {allowed_increase: 1.2, critical_increase: 2.0}
 * </pre>
 */
public final class JudgeConfigs {
    private static final String[] SETTINGS = {"tolerance", "confidence", "direction", "nan_strategy", "effect_size",
        "outliers", "min_samples", "must_have_data", "critical"};

    private JudgeConfigs() {}

    public static Loaded<JudgeConfig> load(Path file, Strictness strictness) {
        InputDocument doc = InputLoader.load(file, strictness);
        return new Loaded<>(read(doc.root()), doc.warnings());
    }

    public static Loaded<JudgeConfig> parse(String name, String text, Strictness strictness) {
        InputDocument doc = InputLoader.parse(name, text, strictness);
        return new Loaded<>(read(doc.root()), doc.warnings());
    }

    static JudgeConfig read(InputNode root) {
        root.knownFields("thresholds", "group_weights", "defaults", "metrics");
        double pass = JudgeConfig.DEFAULT_PASS, marginal = JudgeConfig.DEFAULT_MARGINAL;
        Optional<InputNode> th = root.opt("thresholds");
        if (th.isPresent()) {
            th.get().knownFields("pass", "marginal");
            pass = th.get().opt("pass").map(n -> score(n)).orElse(pass);
            marginal = th.get().opt("marginal").map(n -> score(n)).orElse(marginal);
            if (marginal > pass) {
                throw th.get().problem("the marginal threshold " + MetricJudge.fmt(marginal)
                        + " exceeds the pass threshold " + MetricJudge.fmt(pass));
            }
        }
        Config defaults = Config.defaults();
        Optional<InputNode> d = root.opt("defaults");
        if (d.isPresent()) {
            d.get().knownFields(SETTINGS);
            defaults = settings(d.get(), defaults);
        }
        List<JudgeConfig.MetricSpec> metrics = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        for (InputNode m : root.list("metrics")) {
            List<String> known = new ArrayList<>(List.of("name", "groups"));
            known.addAll(List.of(SETTINGS));
            m.knownFields(known.toArray(String[]::new));
            String name = m.require("name").asNonBlankString();
            if (!names.add(name)) {
                throw m.require("name").problem("metric '" + name + "' is listed twice");
            }
            List<String> gs = new ArrayList<>();
            for (InputNode g : m.list("groups")) {
                gs.add(g.asNonBlankString());
            }
            groups.addAll(gs.isEmpty() ? List.of(JudgeConfig.DEFAULT_GROUP) : gs);
            metrics.add(new JudgeConfig.MetricSpec(name, gs, settings(m, defaults)));
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        Optional<InputNode> gw = root.opt("group_weights");
        if (gw.isPresent()) {
            double sum = 0;
            for (Map.Entry<String, InputNode> e : gw.get().fields().entrySet()) {
                double w = e.getValue().asNumberOr("a weight from 0 to 100");
                if (w < 0 || w > 100) {
                    throw e.getValue().expected("a weight from 0 to 100");
                }
                if (!metrics.isEmpty() && !groups.contains(e.getKey())) {
                    throw gw.get().keyNode(e.getKey()).problem("no metric is in group '" + e.getKey() + "' (groups: "
                            + String.join(", ", groups) + ")");
                }
                weights.put(e.getKey(), w);
                sum += w;
            }
            if (sum > 100 + 1e-9) {
                throw gw.get().problem("group weights sum to " + MetricJudge.fmt(sum) + "; at most 100");
            }
        }
        return new JudgeConfig(defaults, metrics, weights, pass, marginal);
    }

    private static double score(InputNode n) {
        double v = n.asNumberOr("a score from 0 to 100");
        if (v < 0 || v > 100) {
            throw n.expected("a score from 0 to 100");
        }
        return v;
    }

    /** The settings in {@code n} over {@code base}. */
    private static Config settings(InputNode n, Config base) {
        double tolerance = n.opt("tolerance").map(v -> {
            double t = v.asNumberOr("a tolerance of 0 or more");
            if (t < 0) {
                throw v.expected("a tolerance of 0 or more");
            }
            return t;
        }).orElse(base.tolerance());
        double confidence = n.opt("confidence").map(v -> {
            double c = v.asNumberOr("a confidence between 0 and 1 (exclusive)");
            if (!(c > 0 && c < 1)) {
                throw v.expected("a confidence between 0 and 1 (exclusive)");
            }
            return c;
        }).orElse(base.confidence());
        Direction direction = n.optEnum("direction", Direction.class).orElse(base.direction());
        NanStrategy nan = n.optEnum("nan_strategy", NanStrategy.class).orElse(base.nanStrategy());
        EffectMeasure measure = base.effectMeasure();
        double ad = base.allowedDecrease(), ai = base.allowedIncrease();
        double cd = base.criticalDecrease(), ci = base.criticalIncrease();
        Optional<InputNode> es = n.opt("effect_size");
        if (es.isPresent()) {
            InputNode e = es.get().knownFields("measure", "allowed_decrease", "allowed_increase", "critical_decrease",
                    "critical_increase");
            measure = e.optEnum("measure", EffectMeasure.class).orElse(measure);
            ad = effect(e, "allowed_decrease", ad);
            ai = effect(e, "allowed_increase", ai);
            cd = effect(e, "critical_decrease", cd);
            ci = effect(e, "critical_increase", ci);
            if (ad > ai) {
                throw e.problem("allowed_decrease " + MetricJudge.fmt(ad) + " exceeds allowed_increase "
                        + MetricJudge.fmt(ai));
            }
        }
        boolean remove = base.removeOutliers(), reduced = base.reduceSensitivity();
        double factor = base.outlierFactor();
        Optional<InputNode> out = n.opt("outliers");
        if (out.isPresent()) {
            InputNode o = out.get().knownFields("remove", "factor", "reduce_sensitivity");
            remove = o.bool("remove", remove);
            reduced = o.bool("reduce_sensitivity", reduced);
            Optional<InputNode> f = o.opt("factor");
            if (f.isPresent()) {
                factor = f.get().asNumberOr("a factor above 0");
                if (!(factor > 0)) {
                    throw f.get().expected("a factor above 0");
                }
            }
        }
        int minSamples = base.minSamples();
        Optional<InputNode> ms = n.opt("min_samples");
        if (ms.isPresent()) {
            long v = ms.get().asLong();
            if (v < 1 || v > Integer.MAX_VALUE) {
                throw ms.get().expected("an integer of 1 or more");
            }
            minSamples = (int) v;
        }
        boolean required = n.bool("must_have_data", base.dataRequired());
        boolean critical = n.bool("critical", base.critical());
        try {
            return new Config(tolerance, confidence, direction, nan, measure, ad, ai, cd, ci, critical, required, remove,
                    minSamples, factor, reduced);
        } catch (IllegalArgumentException e) {
            throw n.problem(e.getMessage());
        }
    }

    private static double effect(InputNode e, String key, double fallback) {
        Optional<InputNode> v = e.opt(key);
        if (v.isEmpty()) {
            return fallback;
        }
        double d = v.get().asNumberOr("an effect size of 0 or more");
        if (d < 0) {
            throw v.get().expected("an effect size of 0 or more");
        }
        return d;
    }
}
