package dev.stagelight.rollout.plan;

import dev.stagelight.rollout.gate.set.GateSetFile;
import dev.stagelight.rollout.gate.set.TemplateUse;
import dev.stagelight.rollout.input.InputDocument;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.InputNode;
import dev.stagelight.rollout.input.Loaded;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.policy.PolicyLibrary;
import dev.stagelight.rollout.tenant.Tenants;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates rollout plans (JSON or YAML); every problem is located in the file. */
public final class RolloutPlans {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private RolloutPlans() {}

    /** Loads a plan with the warnings of lenient mode (unknown fields). */
    public static Loaded<RolloutPlan> load(Path file, Strictness strictness) {
        return read(InputLoader.load(file, strictness), null);
    }

    /** Loads and also checks that every explicitly named tenant exists in {@code tenants}. */
    public static Loaded<RolloutPlan> load(Path file, Strictness strictness, Tenants tenants) {
        return read(InputLoader.load(file, strictness), tenants);
    }

    /** Reads a composed plan; {@code tenants} may be null to skip the tenant-existence checks. */
    public static Loaded<RolloutPlan> read(InputDocument doc, Tenants tenants) {
        return read(doc, tenants, null);
    }

    /**
     * Reads a composed plan; {@code tenants} and {@code library} may be null to skip those checks. With a library, the
     * policy set and both versions must be in it (a plan about to be planned or run resolves bundles from there).
     */
    public static Loaded<RolloutPlan> read(InputDocument doc, Tenants tenants, PolicyLibrary library) {
        InputNode root = doc.root();
        root.knownFields("rollout_id", "policy_set", "from_version", "to_version", "strategy", "config", "stages",
                "rollback", "notifications");
        String rolloutId = id(root.require("rollout_id"));
        String policySet = id(root.require("policy_set"));
        String from = root.require("from_version").asNonBlankString();
        InputNode toNode = root.require("to_version");
        String to = toNode.asNonBlankString();
        if (to.equals(from)) {
            throw toNode.expected("a version different from from_version");
        }
        if (library != null) {
            requireVersions(root, policySet, library);
        }
        Strategy strategy = root.requireEnum("strategy", Strategy.class);
        Optional<StrategyConfig> config = config(root, strategy);
        List<Stage> stages = stages(root, strategy, tenants);
        RollbackPolicy rollback = root.opt("rollback").map(RolloutPlans::rollback).orElse(RollbackPolicy.NONE);
        List<Notification> notifications = new ArrayList<>();
        for (InputNode n : root.list("notifications")) {
            n.knownFields("channel", "target");
            notifications.add(new Notification(n.require("channel").asNonBlankString(), n.require("target").asNonBlankString()));
        }
        return new Loaded<>(new RolloutPlan(rolloutId, policySet, from, to, strategy, config, stages, rollback,
                notifications), doc.warnings());
    }

    /** The policy set and both versions must have a platform default in the library (the root of every chain). */
    private static void requireVersions(InputNode root, String policySet, PolicyLibrary library) {
        Set<String> versions = library.versions(policySet);
        if (versions.isEmpty()) {
            throw root.require("policy_set").expected("a policy set of " + library.root() + " (have: "
                    + String.join(", ", library.policySets()) + ")");
        }
        for (String field : List.of("from_version", "to_version")) {
            InputNode n = root.require(field);
            if (!versions.contains(n.asString())) {
                throw n.expected("a version of policy set '" + policySet + "' in " + library.root() + " (have: "
                        + String.join(", ", versions) + ")");
            }
        }
    }

    private static String id(InputNode n) {
        String s = n.asString();
        if (!ID.matcher(s).matches()) {
            throw n.expected("an identifier of letters, digits, '.', '_' or '-'");
        }
        return s;
    }

    private static Optional<StrategyConfig> config(InputNode root, Strategy strategy) {
        Optional<InputNode> cfg = root.opt("config");
        if (strategy == Strategy.STAGED) {
            if (cfg.isPresent()) {
                throw cfg.get().problem("the staged strategy takes no config block (its stages are the config)");
            }
            return Optional.empty();
        }
        InputNode c = root.requireMap("config");
        return Optional.of(switch (strategy) {
            case BLUE_GREEN -> {
                c.knownFields("parallel_evaluation", "comparison_period", "switch_threshold");
                InputNode threshold = c.requireMap("switch_threshold").knownFields("verdict_match_rate");
                yield new StrategyConfig.BlueGreen(
                        c.bool("parallel_evaluation", true),
                        positive(c.require("comparison_period")),
                        fraction(threshold.require("verdict_match_rate")));
            }
            case CANARY_TRAFFIC -> {
                c.knownFields("initial_percentage", "increment", "increment_interval", "max_error_rate");
                double initial = percent(c.require("initial_percentage"));
                InputNode inc = c.require("increment");
                double increment = percent(inc);
                if (increment <= 0) {
                    throw inc.expected("an increment above 0");
                }
                yield new StrategyConfig.CanaryTraffic(initial, increment, positive(c.require("increment_interval")),
                        fraction(c.require("max_error_rate")));
            }
            case FEATURE_FLAG -> {
                c.knownFields("flag_name", "default", "overrides");
                List<StrategyConfig.FlagOverride> overrides = new ArrayList<>();
                for (InputNode o : c.list("overrides")) {
                    o.knownFields("tenant", "value");
                    overrides.add(new StrategyConfig.FlagOverride(o.require("tenant").asNonBlankString(), o.requireBoolean("value")));
                }
                yield new StrategyConfig.FeatureFlag(c.require("flag_name").asNonBlankString(), c.bool("default", false), overrides);
            }
            case STAGED -> throw new IllegalStateException("unreachable");
        });
    }

    private static List<Stage> stages(InputNode root, Strategy strategy, Tenants tenants) {
        List<InputNode> nodes = strategy == Strategy.STAGED ? root.requireList("stages") : root.list("stages");
        if (strategy == Strategy.STAGED && nodes.isEmpty()) {
            throw root.require("stages").expected("at least one stage");
        }
        List<Stage> stages = new ArrayList<>();
        Map<String, InputNode> names = new HashMap<>();
        Map<String, InputNode> explicitTenants = new HashMap<>();
        double lastPercent = 0;
        InputNode lastSelection = null;
        String firstSelectionStage = null;
        int firstSelectionLine = 0;
        boolean sawAll = false;
        for (InputNode s : nodes) {
            s.knownFields("name", "description", "tenants", "selection", "duration", "success_criteria", "auto_proceed",
                    "analysis");
            InputNode nameNode = s.require("name");
            String name = id(nameNode);
            InputNode dup = names.putIfAbsent(name, nameNode);
            if (dup != null) {
                throw nameNode.problem("duplicate stage name '" + name + "' (first at line " + dup.line() + ")");
            }
            if (sawAll) {
                throw s.problem("no stage may follow a stage that selects all tenants");
            }
            boolean hasTenants = s.has("tenants");
            boolean hasSelection = s.has("selection");
            if (hasTenants == hasSelection) {
                throw s.problem(hasTenants
                        ? "a stage has either tenants or selection, not both"
                        : "expected tenants (a list of tenant ids) or selection (method percentage|all)");
            }
            List<String> stageTenants = new ArrayList<>();
            Optional<Selection> selection = Optional.empty();
            if (hasTenants) {
                if (firstSelectionStage != null) {
                    // Explicit tenants lead the rollout order, so a selection stage takes them first: listed after one,
                    // they would be switched by it and this stage would switch nobody.
                    throw s.require("tenants").problem("explicit tenants must come before the first selection stage ('"
                            + firstSelectionStage + "', line " + firstSelectionLine + "): it would already switch them"
                            + " (explicit tenants lead the rollout order) and this stage would be empty");
                }
                List<InputNode> list = s.requireList("tenants");
                if (list.isEmpty()) {
                    throw s.require("tenants").expected("at least one tenant id");
                }
                for (InputNode t : list) {
                    String id = t.asNonBlankString();
                    InputNode before = explicitTenants.putIfAbsent(id, t);
                    if (before != null) {
                        throw t.problem("tenant '" + id + "' is already listed at line " + before.line());
                    }
                    if (tenants != null) {
                        tenants.require(id, t);
                    }
                    stageTenants.add(id);
                }
            } else {
                InputNode sel = s.requireMap("selection");
                Selection parsed = selection(sel);
                if (parsed.percent() < lastPercent) {
                    throw sel.require(parsed.method() == SelectionMethod.ALL ? "method" : "value").problem(
                            "expected a percentage of at least " + fmt(lastPercent) + " (stage shares are cumulative and"
                                    + " may not shrink; previous at line " + lastSelection.line() + "), got " + fmt(parsed.percent()));
                }
                lastPercent = parsed.percent();
                if (firstSelectionStage == null) {
                    firstSelectionStage = name;
                    firstSelectionLine = s.line();
                }
                lastSelection = sel;
                sawAll = parsed.method() == SelectionMethod.ALL;
                selection = Optional.of(parsed);
            }
            Optional<Duration> duration = s.opt("duration").map(RolloutPlans::positive);
            Optional<SuccessCriteria> criteria = s.opt("success_criteria").map(RolloutPlans::criteria);
            Optional<StageAnalysis> analysis = s.opt("analysis").map(RolloutPlans::analysis);
            stages.add(new Stage(name, s.optString("description"), stageTenants, selection, duration, criteria,
                    s.bool("auto_proceed", false), analysis));
        }
        return stages;
    }

    /** A stage's gates: a list of template uses, or {@code {templates: [...], cohorts: {...}}}. */
    private static StageAnalysis analysis(InputNode a) {
        if (a.isList()) {
            List<InputNode> uses = a.asList();
            if (uses.isEmpty()) {
                throw a.expected("at least one template, e.g. [{template: error-ratio, args: {max: \"0.02\"}}]");
            }
            return new StageAnalysis(uses.stream().map(GateSetFile::use).toList(), null);
        }
        a.knownFields("templates", "cohorts");
        List<TemplateUse> uses = a.list("templates").stream().map(GateSetFile::use).toList();
        return new StageAnalysis(uses, a.opt("cohorts").map(GateSetFile::cohorts).orElse(null));
    }

    private static Selection selection(InputNode sel) {
        sel.knownFields("method", "value", "weight_by");
        SelectionMethod method = sel.requireEnum("method", SelectionMethod.class);
        Optional<String> weightBy = Optional.empty();
        Optional<InputNode> w = sel.opt("weight_by");
        if (w.isPresent()) {
            if (!Selection.WEIGHT_SCAN_VOLUME.equals(w.get().asString())) {
                throw w.get().expected("one of " + Selection.WEIGHT_SCAN_VOLUME);
            }
            weightBy = Optional.of(Selection.WEIGHT_SCAN_VOLUME);
        }
        if (method == SelectionMethod.ALL) {
            Optional<InputNode> v = sel.opt("value");
            if (v.isPresent() && v.get().asNumber() != 100) {
                throw v.get().expected("no value or 100 with method all");
            }
            return new Selection(method, 100, weightBy);
        }
        return new Selection(method, percent(sel.require("value")), weightBy);
    }

    private static SuccessCriteria criteria(InputNode c) {
        c.knownFields("max_new_failures", "max_failure_rate_increase");
        OptionalLong maxNew = OptionalLong.empty();
        Optional<InputNode> n = c.opt("max_new_failures");
        if (n.isPresent()) {
            long v = n.get().asLong();
            if (v < 0) {
                throw n.get().expected("a count of 0 or more");
            }
            maxNew = OptionalLong.of(v);
        }
        OptionalDouble rate = c.opt("max_failure_rate_increase").map(r -> OptionalDouble.of(fraction(r))).orElse(OptionalDouble.empty());
        return new SuccessCriteria(maxNew, rate);
    }

    private static RollbackPolicy rollback(InputNode r) {
        r.knownFields("automatic", "triggers");
        List<RollbackTrigger> triggers = new ArrayList<>();
        for (InputNode t : r.list("triggers")) {
            t.knownFields("metric", "threshold");
            TriggerMetric metric = t.requireEnum("metric", TriggerMetric.class);
            InputNode th = t.require("threshold");
            double threshold = metric.isRate() ? fraction(th) : th.asNumber();
            if (threshold < 0) {
                throw th.expected("a threshold of 0 or more");
            }
            triggers.add(new RollbackTrigger(metric, threshold));
        }
        return new RollbackPolicy(r.bool("automatic", false), triggers);
    }

    private static double percent(InputNode n) {
        double v = n.asNumberOr("a number from 0 to 100");
        if (v < 0 || v > 100) {
            throw n.expected("a number from 0 to 100");
        }
        return v;
    }

    private static double fraction(InputNode n) {
        double v = n.asNumberOr("a fraction from 0 to 1");
        if (v < 0 || v > 1) {
            throw n.expected("a fraction from 0 to 1");
        }
        return v;
    }

    private static Duration positive(InputNode n) {
        Duration d = n.asDuration();
        if (d.isZero()) {
            throw n.expected("a duration above zero");
        }
        return d;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
