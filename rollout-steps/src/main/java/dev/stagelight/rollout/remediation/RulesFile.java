package dev.stagelight.rollout.remediation;

import dev.stagelight.rollout.expr.Expression;
import dev.stagelight.rollout.expr.ExpressionException;
import dev.stagelight.rollout.expr.Schema;
import dev.stagelight.rollout.gate.source.QueryTemplate;
import dev.stagelight.rollout.input.InputDocument;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.InputNode;
import dev.stagelight.rollout.input.Strictness;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads remediation rules (YAML or JSON); every problem is an {@code InputException} naming the file, line:column and
 * field, positions inside conditions and queries included.
 *
 * <pre>
 * name: canary-slo                      # the scope of state and evidence in the store
 * rollout_id: rollout-789               # engine actions act on it; rules may read rollout.stage / rollout.status
 * slo:
 *   objective: 99.5%                    # or 0.995
 *   errors: sum(rate(policy_eval_requests_total{group="canary", code="error"}[{{interval}}]))
 *   total: sum(rate(policy_eval_requests_total{group="canary"}[{{interval}}]))
 *   windows: [5m, 30m, 1h, 6h]          # -> burn_rate_5m, burn_rate_30m, burn_rate_1h, burn_rate_6h
 * inputs:
 *   latency_p95: max(policy_eval_latency_p95_seconds{group="canary"})
 * policy: {green_period: 15m, max_concurrent: 3, dry_run: false, retry: {attempts: 3, backoff: 1s}}
 * actions:
 *   pause_rollout: {executor: engine, cooldown: 10m}
 *   widen_canary: {executor: engine, cooldown: 10m, widen_by: 30m}
 *   scale_out: {cooldown: 10m, webhook: {url_env: SCALER_URL, secret_env: SCALER_SECRET, timeout: 5s}}
 *   read_only_mode: {cooldown: 30m, command: [/usr/local/bin/read-only]}
 * notifications:
 *   slack: {url_env: SLACK_WEBHOOK_URL, secret_env: SLACK_WEBHOOK_SECRET}
 * rules:
 *   - name: fast-burn
 *     when: burn_rate_1h > 14.4 AND burn_rate_5m > 14.4
 *     actions: [pause_rollout]
 * </pre>
 */
public final class RulesFile {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private RulesFile() {}

    /** Loads {@code file}; {@code env} resolves {@code url_env} and {@code secret_env} (the process environment). */
    public static RemediationRules load(Path file, Strictness strictness, Map<String, String> env) {
        return read(InputLoader.load(file, strictness), env);
    }

    public static RemediationRules parse(String name, String text, Strictness strictness, Map<String, String> env) {
        return read(InputLoader.parse(name, text, strictness), env);
    }

    private static RemediationRules read(InputDocument doc, Map<String, String> env) {
        InputNode root = doc.root().knownFields("name", "rollout_id", "slo", "inputs", "policy", "actions",
                "notifications", "rules");
        InputNode nameNode = root.require("name");
        String scope = nameNode.asNonBlankString();
        if (!scope.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw nameNode.expected("a plain name (letters, digits, '.', '_', '-'; it names the store's record)");
        }
        String rolloutId = root.optString("rollout_id").orElse(null);
        SloSpec slo = root.opt("slo").map(RulesFile::slo).orElse(null);
        Map<String, String> inputs = new LinkedHashMap<>();
        Set<String> taken = new LinkedHashSet<>();
        if (slo != null) {
            slo.windows().forEach(w -> taken.add(SloSpec.burnRateName(w)));
        }
        taken.addAll(List.of(RemediationRules.ACTIVE_ACTIONS, RemediationRules.ROLLOUT_STAGE,
                RemediationRules.ROLLOUT_STATUS, RemediationRules.CANARY_VERDICT));
        if (root.has("inputs")) {
            for (Map.Entry<String, InputNode> e : root.require("inputs").fields().entrySet()) {
                InputNode key = root.require("inputs").keyNode(e.getKey());
                if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
                    throw key.expected("an identifier for the expression language (letters, digits, '_', dots)");
                }
                if (taken.contains(e.getKey())) {
                    throw key.problem("input '" + e.getKey() + "' clashes with a built-in identifier");
                }
                String q = e.getValue().asNonBlankString();
                if (q.contains("{{")) {
                    throw e.getValue().problem("inputs are plain PromQL; placeholders belong in slo.errors/slo.total");
                }
                inputs.put(e.getKey(), q);
            }
        }
        Schema schema = RemediationRules.schema(slo, inputs.keySet());

        InputNode policy = root.opt("policy").orElse(null);
        Duration green = Duration.ofMinutes(15);
        int maxConcurrent = 3;
        boolean dryRun = false;
        RemediationRules.Retry retry = new RemediationRules.Retry(3, Duration.ofSeconds(1));
        if (policy != null) {
            policy.knownFields("green_period", "max_concurrent", "dry_run", "retry");
            green = policy.optDuration("green_period").orElse(green);
            if (policy.has("max_concurrent")) {
                long n = policy.requireLong("max_concurrent");
                if (n < 1 || n > ActionKind.values().length) {
                    throw policy.require("max_concurrent").expected("an integer from 1 to " + ActionKind.values().length);
                }
                maxConcurrent = (int) n;
            }
            dryRun = policy.bool("dry_run", false);
            if (policy.has("retry")) {
                InputNode r = policy.require("retry").knownFields("attempts", "backoff");
                long attempts = r.optLong("attempts").orElse(3L);
                if (attempts < 1 || attempts > 10) {
                    throw r.require("attempts").expected("an integer from 1 to 10");
                }
                retry = new RemediationRules.Retry((int) attempts, r.optDuration("backoff").orElse(Duration.ofSeconds(1)));
            }
        }

        Map<ActionKind, ActionSpec> actions = new EnumMap<>(ActionKind.class);
        if (root.has("actions")) {
            InputNode all = root.require("actions");
            for (Map.Entry<String, InputNode> e : all.fields().entrySet()) {
                ActionKind kind = all.keyNode(e.getKey()).asEnum(ActionKind.class);
                actions.put(kind, action(kind, e.getValue(), rolloutId, env));
            }
        }

        Map<String, ExecutorSpec.Webhook> notifications = new LinkedHashMap<>();
        if (root.has("notifications")) {
            root.require("notifications").fields().forEach((channel, n) -> notifications.put(channel, webhook(n, env)));
        }

        List<RemediationRule> rules = new ArrayList<>();
        Set<String> ruleNames = new LinkedHashSet<>();
        List<InputNode> ruleNodes = root.requireList("rules");
        if (ruleNodes.isEmpty()) {
            throw root.require("rules").expected("at least one rule");
        }
        for (InputNode r : ruleNodes) {
            r.knownFields("name", "when", "actions");
            String name = r.require("name").asNonBlankString();
            if (!ruleNames.add(name)) {
                throw r.require("name").problem("rule '" + name + "' is defined twice");
            }
            Expression when = condition(r.require("when"), schema);
            if ((when.identifiers().contains(RemediationRules.ROLLOUT_STAGE)
                    || when.identifiers().contains(RemediationRules.ROLLOUT_STATUS)) && rolloutId == null) {
                throw r.require("when").problem("reads the rollout's stage or status, but the file names no rollout_id");
            }
            List<ActionKind> kinds = new ArrayList<>();
            List<InputNode> as = r.requireList("actions");
            if (as.isEmpty()) {
                throw r.require("actions").expected("at least one action");
            }
            for (InputNode a : as) {
                ActionKind k = a.asEnum(ActionKind.class);
                if (!actions.containsKey(k)) {
                    throw a.problem("action " + k.spelling() + " is not configured under actions (executor, cooldown)");
                }
                if (!kinds.contains(k)) {
                    kinds.add(k);
                }
            }
            rules.add(new RemediationRule(name, when, kinds));
        }
        return new RemediationRules(scope, rolloutId, slo, inputs, rules, actions, green, maxConcurrent, dryRun,
                notifications, retry, schema);
    }

    private static SloSpec slo(InputNode n) {
        n.knownFields("objective", "errors", "total", "windows");
        InputNode o = n.require("objective");
        double objective;
        if (o.isMap() || o.isList()) {
            throw o.expected("a ratio such as 0.995 or a percentage such as 99.5%");
        }
        String text = o.asText().strip();
        try {
            objective = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1).strip()) / 100
                    : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw o.expected("a ratio such as 0.995 or a percentage such as 99.5%");
        }
        if (!(objective > 0 && objective < 1)) {
            throw o.expected("an objective between 0 and 1 (or 0% and 100%), exclusive");
        }
        QueryTemplate errors = template(n.require("errors"));
        QueryTemplate total = template(n.require("total"));
        List<Duration> windows = new ArrayList<>();
        for (InputNode w : n.requireList("windows")) {
            Duration d = w.asDuration();
            if (d.isZero() || d.toMillis() % 1000 != 0) {
                throw w.expected("a positive whole number of seconds");
            }
            if (windows.contains(d)) {
                throw w.problem("window " + w.asText() + " appears twice");
            }
            windows.add(d);
        }
        if (windows.isEmpty()) {
            throw n.require("windows").expected("at least one window");
        }
        return new SloSpec(objective, errors, total, windows);
    }

    private static QueryTemplate template(InputNode n) {
        String text = n.asNonBlankString();
        QueryTemplate t = QueryTemplate.parse(n, text);
        if (!t.uses(QueryTemplate.Var.INTERVAL) || t.vars().size() != 1) {
            throw n.problem("needs {{interval}} (where each window goes) and no other placeholder");
        }
        return t;
    }

    private static Expression condition(InputNode n, Schema schema) {
        try {
            return Expression.parse(n.asNonBlankString(), schema);
        } catch (ExpressionException x) {
            throw n.problemAt(x.line() - 1, x.column() - 1, x.problem());
        }
    }

    private static ActionSpec action(ActionKind kind, InputNode n, String rolloutId, Map<String, String> env) {
        n.knownFields("cooldown", "executor", "webhook", "command", "timeout", "widen_by");
        Duration cooldown = n.requireDuration("cooldown");
        List<String> given = new ArrayList<>();
        for (String k : List.of("executor", "webhook", "command")) {
            if (n.has(k)) {
                given.add(k);
            }
        }
        if (given.size() != 1) {
            throw n.problem("give exactly one of executor: engine, webhook: {...}, command: [...] (got "
                    + (given.isEmpty() ? "none" : String.join(", ", given)) + ")");
        }
        ExecutorSpec executor;
        if (n.has("executor")) {
            InputNode e = n.require("executor");
            if (!"engine".equals(e.asString())) {
                throw e.expected("engine (for webhooks and commands use webhook: or command:)");
            }
            if (!kind.engineAction()) {
                throw e.problem(kind.spelling() + " is not something the rollout engine does; use a webhook or a command");
            }
            if (rolloutId == null) {
                throw e.problem("the engine acts on a rollout, but the file names no rollout_id");
            }
            executor = new ExecutorSpec.Engine();
        } else if (n.has("webhook")) {
            executor = webhook(n.require("webhook"), env);
        } else {
            List<String> argv = n.stringList("command");
            if (argv.isEmpty() || argv.get(0).isBlank()) {
                throw n.require("command").expected("a program and its arguments, e.g. [/usr/local/bin/scale, out]");
            }
            executor = new ExecutorSpec.Command(argv, n.optDuration("timeout").orElse(Duration.ofSeconds(60)));
        }
        Duration widenBy = null;
        if (kind == ActionKind.WIDEN_CANARY) {
            widenBy = n.optDuration("widen_by").orElse(Duration.ofMinutes(30));
            if (widenBy.isZero()) {
                throw n.require("widen_by").expected("a positive duration");
            }
        } else if (n.has("widen_by")) {
            throw n.require("widen_by").problem("widen_by is for widen_canary only");
        }
        if (n.has("timeout") && !n.has("command")) {
            throw n.require("timeout").problem("timeout here is for commands; a webhook has its own timeout");
        }
        return new ActionSpec(kind, cooldown, executor, widenBy);
    }

    static ExecutorSpec.Webhook webhook(InputNode n, Map<String, String> env) {
        n.knownFields("url", "url_env", "secret_env", "timeout");
        if (n.has("url") == n.has("url_env")) {
            throw n.problem("give exactly one of url or url_env");
        }
        URI url;
        String urlSource;
        InputNode urlNode;
        String urlText;
        if (n.has("url")) {
            urlNode = n.require("url");
            urlText = urlNode.asNonBlankString();
            urlSource = "url";
        } else {
            urlNode = n.require("url_env");
            String var = urlNode.asNonBlankString();
            urlSource = "$" + var;
            urlText = Optional.ofNullable(env.get(var)).filter(s -> !s.isBlank()).orElse(null);
        }
        url = urlText == null ? null : httpUrl(urlNode, urlText, urlSource);
        InputNode secretNode = n.require("secret_env");
        String secretVar = secretNode.asNonBlankString();
        byte[] secret = Optional.ofNullable(env.get(secretVar)).filter(s -> !s.isEmpty())
                .map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
        Duration timeout = n.optDuration("timeout").orElse(DEFAULT_TIMEOUT);
        if (timeout.isZero()) {
            throw n.require("timeout").expected("a positive duration");
        }
        return new ExecutorSpec.Webhook(url, urlSource, secret, "$" + secretVar, timeout);
    }

    private static URI httpUrl(InputNode at, String text, String source) {
        try {
            URI u = URI.create(text.strip());
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return u;
            }
        } catch (IllegalArgumentException bad) {
            // reported below
        }
        // Never echo the value: a webhook URL may carry a token (Slack's do).
        throw at.problem(source + " is not an http(s) URL with a host");
    }
}
