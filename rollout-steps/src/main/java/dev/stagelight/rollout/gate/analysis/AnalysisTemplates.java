package dev.stagelight.rollout.gate.analysis;

import dev.stagelight.rollout.expr.Expression;
import dev.stagelight.rollout.expr.ExpressionException;
import dev.stagelight.rollout.gate.source.QueryTemplate;
import dev.stagelight.rollout.input.InputDocument;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.InputNode;
import dev.stagelight.rollout.input.Strictness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads analysis templates (YAML or JSON); every problem is an {@code InputException} naming file, line:column and
 * field, including positions inside queries and conditions.
 *
 * <pre>
 * templates:
 *   - name: canary-health
 *     metrics:
 *       - name: error-ratio
 *         query: |
 *           sum(rate(policy_eval_requests_total{group="{{group}}", code="error", tenant=~"{{tenants}}"}[{{interval}}]))
 *           / sum(rate(policy_eval_requests_total{group="{{group}}", tenant=~"{{tenants}}"}[{{interval}}]))
 *         interval: 5m            # between measurements, and {{interval}}
 *         count: 12               # measurements (default 1)
 *         initial_delay: 0s
 *         window: 1h              # optional: a range query over the last hour ...
 *         step: 1m                # ... every minute (default 1m)
 *         success_condition: canary &lt; 0.05 AND ratio &lt;= 1.5
 *         failure_condition: canary >= 0.10
 *         failure_limit: 0        # defaults as Argo: 0, 0, 4
 *         inconclusive_limit: 0
 *         consecutive_error_limit: 4
 *         min_samples: 1
 *         traffic: {query: 'sum(increase(policy_eval_requests_total{group="{{group}}"}[{{interval}}]))', min: 100}
 *   - name: error-limit
 *     args: [{name: max}, {name: service, value: policy-engine}]   # as Argo: a value is the default
 *     metrics:
 *       - name: errors
 *         query: sum(rate(errors_total{service="{{args.service}}"}[{{interval}}]))
 *         interval: 5m
 *         success_condition: result &lt; {{args.max}}
 * </pre>
 *
 * {@code {{args.NAME}}} is replaced by the argument's text in queries (traffic queries too) and conditions before
 * they are parsed, so a bad value is reported like a bad query. {@link #load} instantiates every template with its
 * defaults; {@link #library} keeps templates with required arguments for a gate set or a plan to instantiate.
 */
public final class AnalysisTemplates {
    private AnalysisTemplates() {}

    /** The templates of {@code file} by name, in file order. */
    public static Map<String, AnalysisTemplate> load(Path file, Strictness strictness) {
        return read(InputLoader.load(file, strictness));
    }

    public static Map<String, AnalysisTemplate> parse(String name, String text, Strictness strictness) {
        return read(InputLoader.parse(name, text, strictness));
    }

    /** The templates of {@code file}, instantiated on demand with arguments. */
    public static TemplateLibrary library(Path file, Strictness strictness) {
        return library(InputLoader.load(file, strictness).root().knownFields("templates"));
    }

    /** The templates listed under {@code owner}'s {@code templates} field (a gate set's own, for example). */
    public static TemplateLibrary library(InputNode owner) {
        List<InputNode> templates = owner.requireList("templates");
        if (templates.isEmpty()) {
            throw owner.require("templates").expected("at least one template");
        }
        return TemplateLibrary.of(templates);
    }

    private static Map<String, AnalysisTemplate> read(InputDocument doc) {
        TemplateLibrary lib = library(doc.root().knownFields("templates"));
        Map<String, AnalysisTemplate> out = new LinkedHashMap<>();
        for (String name : lib.names()) {
            out.put(name, lib.instantiate(name, Map.of(), lib.node(name)));
        }
        return Collections.unmodifiableMap(out);
    }

    /** One template from its node, {@code {{args.NAME}}} replaced by {@code args} (every argument has a value). */
    static AnalysisTemplate template(InputNode t, String name, Map<String, String> args) {
        List<AnalysisMetric> metrics = new ArrayList<>();
        Map<String, InputNode> seen = new LinkedHashMap<>();
        List<InputNode> ms = t.requireList("metrics");
        if (ms.isEmpty()) {
            throw t.require("metrics").expected("at least one metric");
        }
        for (InputNode m : ms) {
            AnalysisMetric metric = metric(m, args);
            if (seen.putIfAbsent(metric.name(), m) != null) {
                throw m.require("name").problem("metric '" + metric.name() + "' appears twice in template '"
                        + name + "'");
            }
            metrics.add(metric);
        }
        return new AnalysisTemplate(name, metrics);
    }

    private static AnalysisMetric metric(InputNode m, Map<String, String> args) {
        m.knownFields("name", "query", "interval", "count", "initial_delay", "window", "step", "success_condition",
                "failure_condition", "failure_limit", "inconclusive_limit", "consecutive_error_limit", "min_samples",
                "traffic");
        String name = m.require("name").asNonBlankString();
        QueryTemplate query = template(m.require("query"), args);
        Duration interval = positive(m.require("interval"));
        int count = atLeast(m, "count", 1, 1);
        Duration delay = m.optDuration("initial_delay").orElse(Duration.ZERO);
        Duration window = m.opt("window").map(AnalysisTemplates::positive).orElse(null);
        Duration step = m.opt("step").map(AnalysisTemplates::positive).orElse(Duration.ofMinutes(1));
        if (window == null && m.has("step")) {
            throw m.require("step").problem("step needs a window (a range query)");
        }
        if (window != null && step.compareTo(window) > 0) {
            throw m.require("step").problem("step " + step + " is longer than the window " + window);
        }
        AnalysisMetric.Traffic traffic = null;
        if (m.has("traffic")) {
            InputNode tr = m.require("traffic").knownFields("query", "min");
            InputNode min = tr.require("min");
            double least = min.asNumberOr("a number >= 0");
            if (least < 0) {
                throw min.expected("a number >= 0");
            }
            traffic = new AnalysisMetric.Traffic(template(tr.require("query"), args), least);
        }
        Optional<InputNode> successNode = m.opt("success_condition");
        Optional<InputNode> failureNode = m.opt("failure_condition");
        if (successNode.isEmpty() && failureNode.isEmpty()) {
            throw m.problem("metric '" + name + "' needs success_condition, failure_condition or both");
        }
        boolean hasTraffic = traffic != null;
        Expression success = successNode.map(n -> condition(n, args, query, hasTraffic)).orElse(null);
        Expression failure = failureNode.map(n -> condition(n, args, query, hasTraffic)).orElse(null);
        return new AnalysisMetric(name, query, interval, count, delay, success, failure,
                atLeast(m, "failure_limit", 0, 0), atLeast(m, "inconclusive_limit", 0, 0),
                atLeast(m, "consecutive_error_limit", 0, 4), atLeast(m, "min_samples", 1, 1), traffic, window,
                window == null ? null : step);
    }

    private static QueryTemplate template(InputNode n, Map<String, String> args) {
        String text = TemplateLibrary.substitute(n, n.asNonBlankString(), args);
        return QueryTemplate.parse(n, text);
    }

    private static Expression condition(InputNode n, Map<String, String> args, QueryTemplate query,
                                        boolean hasTraffic) {
        Expression e;
        try {
            e = Expression.parse(TemplateLibrary.substitute(n, n.asNonBlankString(), args), ResultSchema.SCHEMA);
        } catch (ExpressionException x) {
            throw n.problemAt(x.line() - 1, x.column() - 1, x.problem());
        }
        for (String id : e.identifiers()) {
            if (ResultSchema.GROUP_NAMES.contains(id) && !query.uses(QueryTemplate.Var.GROUP)) {
                throw n.problem("reads '" + id + "', but the query has no {{group}}, so there is no baseline and"
                        + " canary to compare; use result, or put group=\"{{group}}\" in the query");
            }
            if (id.equals("traffic") && !hasTraffic) {
                throw n.problem("reads 'traffic', but the metric has no traffic query");
            }
        }
        return e;
    }

    private static Duration positive(InputNode n) {
        Duration d = n.asDuration();
        if (d.isZero()) {
            throw n.expected("a positive duration");
        }
        return d;
    }

    private static int atLeast(InputNode m, String key, int least, int fallback) {
        Optional<InputNode> n = m.opt(key);
        if (n.isEmpty()) {
            return fallback;
        }
        long v = n.get().asLong();
        if (v < least || v > 100_000) {
            throw n.get().expected("an integer from " + least + " to 100000");
        }
        return (int) v;
    }
}
