package dev.stagelight.rollout.gate.set;

import dev.stagelight.rollout.gate.adaptive.AdaptiveRule;
import dev.stagelight.rollout.gate.adaptive.AdaptiveRules;
import dev.stagelight.rollout.gate.analysis.AnalysisTemplate;
import dev.stagelight.rollout.gate.analysis.AnalysisTemplates;
import dev.stagelight.rollout.gate.analysis.TemplateLibrary;
import dev.stagelight.rollout.gate.judge.MetricJudge;
import dev.stagelight.rollout.gate.probe.HttpProbe;
import dev.stagelight.rollout.gate.source.QueryTemplate;
import dev.stagelight.rollout.input.InputDocument;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.InputNode;
import dev.stagelight.rollout.input.Strictness;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a gate set (YAML or JSON); every problem is an {@code InputException} naming file, line:column and field.
 *
 * <pre>
 * name: canary-gates
 * min_traffic:                       # optional guard, per group when the query has {{group}}
 *   query: sum(increase(policy_eval_requests_total{group="{{group}}"}[1h]))
 *   min: 1000
 * templates: [...]                   # analysis templates (AnalysisTemplates' format, with args)
 * analysis:                          # which templates this set runs, with arguments
 *   - template: error-ratio
 *     args: {max: "0.05"}
 * judge:                             # baseline vs canary by the Mann-Whitney judge
 *   - name: latency-p95
 *     query: max(policy_eval_latency_p95_seconds{group="{{group}}"})
 *     window: 1h                     # a range over the hour before the evaluation time
 *     step: 1m
 *     direction: increase            # increase | decrease | either (which change is bad)
 *     tolerance: 0.1                 # Kayenta's defaults otherwise: confidence 0.95, allowed 1.0/1.0
 *     allowed_increase: 1.1
 *     min_samples: 10
 * adaptive:                          # adaptive thresholds (EWMA + MAD z-score, seasonal)
 *   rules: adaptive-rules.yaml       # an adaptive rules file, beside this one
 *   metrics:
 *     - {rule: error-spike, query: 'sum(rate(errors_total{group="canary"}[5m]))', step: 5m}
 * probes:
 *   - {name: api, url: "http://127.0.0.1:8080/healthz", expected_status: [200], timeout: 2s, failure_limit: 3}
 * cohorts: {label: tier, decisive: [gold, silver]}   # optional: evaluate per cohort of the stage's tenants
 * </pre>
 */
public final class GateSetFile {
    private GateSetFile() {}

    public static GateSet load(Path file, Strictness strictness) {
        return read(InputLoader.load(file, strictness));
    }

    public static GateSet parse(String name, String text, Strictness strictness) {
        return read(InputLoader.parse(name, text, strictness));
    }

    private static GateSet read(InputDocument doc) {
        InputNode root = doc.root().knownFields("name", "description", "min_traffic", "templates", "analysis",
                "judge", "adaptive", "probes", "cohorts");
        String name = root.opt("name").map(InputNode::asNonBlankString).orElse(doc.file());
        TemplateLibrary library = root.has("templates") ? AnalysisTemplates.library(root) : null;
        List<TemplateUse> uses = new ArrayList<>();
        List<AnalysisTemplate> analysis = new ArrayList<>();
        for (InputNode u : root.list("analysis")) {
            TemplateUse use = use(u);
            if (library == null) {
                throw u.require("template").problem("names template '" + use.template()
                        + "', but the file has no templates");
            }
            analysis.add(library.instantiate(use.template(), use.args(), u));
            uses.add(use);
        }
        List<JudgedMetric> judge = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (InputNode j : root.list("judge")) {
            JudgedMetric m = judged(j);
            if (!names.add(m.name())) {
                throw j.require("name").problem("judged metric '" + m.name() + "' appears twice");
            }
            judge.add(m);
        }
        List<AdaptiveMetric> adaptive = root.opt("adaptive").map(a -> adaptive(a, doc.file(), names))
                .orElse(List.of());
        List<HttpProbe> probes = new ArrayList<>();
        for (InputNode p : root.list("probes")) {
            HttpProbe probe = probe(p);
            if (probes.stream().anyMatch(x -> x.name().equals(probe.name()))) {
                throw p.require("name").problem("probe '" + probe.name() + "' appears twice");
            }
            probes.add(probe);
        }
        TrafficGuard guard = null;
        if (root.has("min_traffic")) {
            InputNode g = root.require("min_traffic").knownFields("query", "min");
            double min = g.require("min").asNumberOr("a number >= 0");
            if (min < 0) {
                throw g.require("min").expected("a number >= 0");
            }
            guard = new TrafficGuard(query(g.require("query")), min);
        }
        CohortSpec cohorts = root.opt("cohorts").map(GateSetFile::cohorts).orElse(null);
        if (analysis.isEmpty() && judge.isEmpty() && adaptive.isEmpty() && probes.isEmpty()) {
            throw root.problem("the gate set has nothing to evaluate: give analysis, judge, adaptive or probes");
        }
        return new GateSet(name, doc.file(), library, uses, analysis, judge, adaptive, probes, guard, cohorts);
    }

    /** {@code {template: NAME, args: {k: v}}}; argument values are taken as text ({@code 0.05} and "0.05" alike). */
    public static TemplateUse use(InputNode u) {
        u.knownFields("template", "args");
        String t = u.require("template").asNonBlankString();
        Map<String, String> args = new LinkedHashMap<>();
        u.opt("args").ifPresent(a -> a.fields().forEach((k, v) -> args.put(k, v.asText())));
        return new TemplateUse(t, args);
    }

    /** {@code {label: tier, decisive: [gold]}}. */
    public static CohortSpec cohorts(InputNode c) {
        c.knownFields("label", "decisive");
        String label = c.require("label").asNonBlankString();
        List<String> decisive = c.stringList("decisive");
        if (new LinkedHashSet<>(decisive).size() != decisive.size()) {
            throw c.require("decisive").problem("a cohort is named twice");
        }
        return new CohortSpec(label, decisive);
    }

    private static JudgedMetric judged(InputNode j) {
        j.knownFields("name", "query", "window", "step", "direction", "tolerance", "confidence", "nan_strategy",
                "effect", "allowed_increase", "allowed_decrease", "critical_increase", "critical_decrease", "critical",
                "data_required", "remove_outliers", "min_samples");
        String name = j.require("name").asNonBlankString();
        QueryTemplate q = query(j.require("query"));
        if (!q.uses(QueryTemplate.Var.GROUP)) {
            throw j.require("query").problem("a judged metric compares baseline and canary: put group=\"{{group}}\""
                    + " in the query");
        }
        Duration window = positive(j.require("window"));
        Duration step = j.opt("step").map(GateSetFile::positive).orElse(Duration.ofMinutes(1));
        if (step.compareTo(window) > 0) {
            throw j.require("step").problem("step " + step + " is longer than the window " + window);
        }
        MetricJudge.Config d = MetricJudge.Config.defaults();
        double tolerance = number(j, "tolerance", d.tolerance(), 0, Double.MAX_VALUE);
        double confidence = number(j, "confidence", d.confidence(), 0, 1);
        if (confidence <= 0 || confidence >= 1) {
            throw j.require("confidence").expected("a confidence strictly between 0 and 1");
        }
        double allowedDecrease = number(j, "allowed_decrease", d.allowedDecrease(), 0, Double.MAX_VALUE);
        double allowedIncrease = number(j, "allowed_increase", d.allowedIncrease(), 0, Double.MAX_VALUE);
        if (allowedDecrease > allowedIncrease) {
            throw j.require(j.has("allowed_decrease") ? "allowed_decrease" : "allowed_increase")
                    .problem("allowed_decrease " + allowedDecrease + " exceeds allowed_increase " + allowedIncrease);
        }
        boolean critical = j.bool("critical", j.has("critical_increase") || j.has("critical_decrease"));
        long minSamples = j.optLong("min_samples").orElse(1L);
        if (minSamples < 1 || minSamples > 1_000_000) {
            throw j.require("min_samples").expected("an integer from 1 to 1000000");
        }
        MetricJudge.Config c = new MetricJudge.Config(tolerance, confidence,
                choice(j, "direction", MetricJudge.Direction.class, d.direction()),
                choice(j, "nan_strategy", MetricJudge.NanStrategy.class, d.nanStrategy()),
                choice(j, "effect", MetricJudge.EffectMeasure.class, d.effectMeasure()),
                allowedDecrease, allowedIncrease,
                number(j, "critical_decrease", allowedDecrease, 0, Double.MAX_VALUE),
                number(j, "critical_increase", allowedIncrease, 0, Double.MAX_VALUE),
                critical, j.bool("data_required", false), j.bool("remove_outliers", false), (int) minSamples);
        return new JudgedMetric(name, q, window, step, c);
    }

    /**
     * {@code adaptive: {rules: FILE, metrics: [{name, rule, query, step}]}}: rules from an adaptive-rules file
     * (relative to the gate file), each metric naming one by id.
     */
    private static List<AdaptiveMetric> adaptive(InputNode a, String gateFile, Set<String> names) {
        a.knownFields("rules", "metrics");
        InputNode rulesNode = a.require("rules");
        Path rulesFile = Path.of(gateFile).resolveSibling(rulesNode.asNonBlankString());
        if (!java.nio.file.Files.isRegularFile(rulesFile)) {
            throw rulesNode.problem("no adaptive rules file " + rulesFile);
        }
        Map<String, AdaptiveRule> rules = AdaptiveRules.load(rulesFile, a.document().strictness());
        List<AdaptiveMetric> out = new ArrayList<>();
        List<InputNode> ms = a.requireList("metrics");
        if (ms.isEmpty()) {
            throw a.require("metrics").expected("at least one metric");
        }
        for (InputNode m : ms) {
            m.knownFields("name", "rule", "query", "step");
            String id = m.require("rule").asNonBlankString();
            AdaptiveRule rule = rules.get(id);
            if (rule == null) {
                throw m.require("rule").problem("no rule '" + id + "' in " + rulesFile + " (have: "
                        + String.join(", ", rules.keySet()) + ")");
            }
            String name = m.opt("name").map(InputNode::asNonBlankString).orElse(id);
            if (!names.add(name)) {
                throw m.problem("metric name '" + name + "' appears twice");
            }
            Duration step = m.opt("step").map(GateSetFile::positive).orElse(Duration.ofMinutes(5));
            if (step.compareTo(rule.window()) > 0) {
                throw m.require("step").problem("step " + step + " is longer than rule " + id + "'s window "
                        + rule.window());
            }
            if (rule.window().dividedBy(step) > 11_000) {
                throw m.opt("step").orElse(m).problem("rule " + id + "'s window " + rule.window() + " at step " + step
                        + " is more than 11000 points (Prometheus' limit per range query); use a longer step");
            }
            out.add(new AdaptiveMetric(name, rule, query(m.require("query")), step));
        }
        return out;
    }

    private static HttpProbe probe(InputNode p) {
        p.knownFields("name", "url", "expected_status", "timeout", "failure_limit");
        String name = p.require("name").asNonBlankString();
        InputNode urlNode = p.require("url");
        URI url;
        try {
            url = URI.create(urlNode.asNonBlankString());
        } catch (IllegalArgumentException e) {
            throw urlNode.expected("a URL");
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw urlNode.expected("an http or https URL with a host");
        }
        HttpProbe probe = HttpProbe.of(name, url);
        if (p.has("expected_status")) {
            Set<Integer> codes = new java.util.TreeSet<>();
            for (InputNode c : p.require("expected_status").asList()) {
                long v = c.asLong();
                if (v < 100 || v > 599) {
                    throw c.expected("an HTTP status from 100 to 599");
                }
                codes.add((int) v);
            }
            if (codes.isEmpty()) {
                throw p.require("expected_status").expected("at least one status");
            }
            probe = probe.withExpected(codes);
        }
        if (p.has("timeout")) {
            probe = probe.withTimeout(positive(p.require("timeout")));
        }
        if (p.has("failure_limit")) {
            long v = p.require("failure_limit").asLong();
            if (v < 0 || v > 1000) {
                throw p.require("failure_limit").expected("an integer from 0 to 1000");
            }
            probe = probe.withFailureLimit((int) v);
        }
        return probe;
    }

    static QueryTemplate query(InputNode n) {
        String text = n.asNonBlankString();
        return QueryTemplate.parse(n, text);
    }

    private static Duration positive(InputNode n) {
        Duration d = n.asDuration();
        if (d.isZero()) {
            throw n.expected("a positive duration");
        }
        return d;
    }

    private static double number(InputNode owner, String key, double fallback, double min, double max) {
        if (!owner.has(key)) {
            return fallback;
        }
        InputNode n = owner.require(key);
        double v = n.asNumberOr("a number from " + min + " to " + max);
        if (v < min || v > max) {
            throw n.expected("a number from " + fmt(min) + " to " + fmt(max));
        }
        return v;
    }

    private static String fmt(double v) {
        return v == Double.MAX_VALUE ? "any" : v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static <E extends Enum<E>> E choice(InputNode owner, String key, Class<E> type, E fallback) {
        if (!owner.has(key)) {
            return fallback;
        }
        InputNode n = owner.require(key);
        String s = n.asNonBlankString();
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(s)) {
                return e;
            }
        }
        List<String> names = java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        throw n.expected("one of " + String.join(", ", names));
    }
}
