package dev.stagelight.rollout.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stagelight.rollout.cohort.TargetScopes;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.plan.RolloutPlans;
import dev.stagelight.rollout.plan.Strategy;
import dev.stagelight.rollout.policy.EffectivePolicy;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.store.DirectoryStore;
import dev.stagelight.rollout.store.RolloutStore;
import dev.stagelight.rollout.strategy.FlagResolution;
import dev.stagelight.rollout.strategy.StrategyPlan;
import dev.stagelight.rollout.strategy.StrategyPlanner;
import dev.stagelight.rollout.policy.EffectiveRule;
import dev.stagelight.rollout.policy.PolicyLibrary;
import dev.stagelight.rollout.policy.RuleOrigin;
import dev.stagelight.rollout.policy.ScopeDenial;
import dev.stagelight.rollout.tenant.Tenant;
import dev.stagelight.rollout.tenant.Tenants;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code effective-policy}: the rules a tenant gets for a policy set version, and where each came from. */
@Command(name = "effective-policy", mixinStandardHelpOptions = true,
        description = {"Print the effective policy of a tenant (platform default, then org, team and project levels;",
            "resolution order project -> team -> org -> default) with the origin of every rule.",
            "With --plan of a feature_flag rollout: the tenant's effective flag (override, then stage, then default) and",
            "the version it selects, as planned, or as served now with --store; --version then defaults to that version."})
public final class EffectivePolicyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--tenant", required = true, description = "Tenant id.")
    String tenant;

    @Option(names = "--version", description = "Policy set version, e.g. v2.0.0 (required without --plan).")
    String version;

    @Option(names = "--plan", description = "A feature_flag rollout plan: print the tenant's effective flag.")
    java.nio.file.Path plan;

    @Option(names = "--store", description = "With --plan: the rollout store, for the flag as served now (default: as planned).")
    java.nio.file.Path store;

    @Option(names = "--policy-set", defaultValue = "production", description = "Policy set name (default: ${DEFAULT-VALUE}).")
    String policySet;

    @Mixin
    InputOptions inputs;

    @Option(names = "--json", description = "Print JSON instead of the table.")
    boolean json;

    @Override
    public Integer call() {
        return CommandSupport.run(spec, () -> {
            var strictness = inputs.strictness();
            Tenants tree = Tenants.load(inputs.tenants(), strictness);
            PolicyLibrary lib = PolicyLibrary.load(inputs.policies(), strictness);
            CommandSupport.printWarnings(spec, tree.warnings());
            CommandSupport.printWarnings(spec, lib.warnings());
            Tenant t = tree.get(tenant);
            FlagResolution.EffectiveFlag flag = plan == null ? null : flag(tree, lib, strictness);
            if (flag == null && version == null) {
                throw new IllegalArgumentException("--version is required (or --plan of a feature_flag rollout)");
            }
            if (flag != null && version == null) {
                version = flag.version();
            }
            if (flag != null) {
                policySet = flagPolicySet;
            }
            EffectivePolicy p = lib.effective(t, policySet, version);
            Optional<ScopeDenial> denial = p.checkScope(t);
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? json(t, p, denial, flag) : flagLine(flag) + table(t, p, denial));
            out.flush();
            return CommandSupport.OK;
        });
    }

    private static String table(Tenant t, EffectivePolicy p, Optional<ScopeDenial> denial) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Effective policy %s %s for %s (org %s, team %s, project %s, region %s)%n", p.policySet(),
                p.version(), t.id(), t.org(), t.team(), t.project(), t.region()));
        sb.append(String.format("%n  %-34s %-6s %-9s %s%n", "rule", "action", "severity", "from"));
        for (EffectiveRule r : p.rules()) {
            sb.append(String.format("  %-34s %-6s %-9s %s%s%n", r.rule().name(), r.rule().action().spelling(),
                    r.rule().severity().map(s -> s.spelling()).orElse("-"), origin(r.origin()),
                    r.overrode().map(o -> "  (overrides " + origin(o) + ")").orElse("")));
        }
        sb.append(String.format("%n  files applied (most general first):%n"));
        p.chain().forEach(s -> sb.append(String.format("    %-8s %s%n", s.level().spelling(), s.source())));
        sb.append(denial.map(d -> String.format("%n  scope: DENIED %s: %s%n", d.code(), d.reason()))
                .orElse(String.format("%n  scope: admitted%n")));
        return sb.toString();
    }

    private static String origin(RuleOrigin o) {
        return o.level().spelling() + (o.scopeId().isEmpty() ? "" : " " + o.scopeId());
    }

    private String flagPolicySet;

    /** The tenant's effective flag from the plan, or from the store when given; the plan must be a feature_flag one. */
    private FlagResolution.EffectiveFlag flag(Tenants tree, PolicyLibrary lib, dev.stagelight.rollout.input.Strictness strictness)
            throws Exception {
        var loaded = RolloutPlans.read(InputLoader.load(plan, strictness), tree, lib);
        CommandSupport.printWarnings(spec, loaded.warnings());
        RolloutPlan rp = loaded.value();
        if (rp.strategy() != Strategy.FEATURE_FLAG) {
            throw new IllegalArgumentException("--plan " + plan + ": strategy is " + rp.strategy().spelling()
                    + "; the effective flag needs a feature_flag plan");
        }
        flagPolicySet = rp.policySet();
        if (store == null) {
            StrategyPlan sp = StrategyPlanner.plan(rp, tree.all(), TargetScopes.of(lib, rp.policySet(), rp.toVersion()));
            return FlagResolution.planned(sp, tenant);
        }
        try (RolloutStore s = DirectoryStore.open(store)) {
            RolloutState r = s.load(rp.rolloutId()).orElseThrow(() -> new IllegalArgumentException("--store " + store
                    + ": no rollout " + rp.rolloutId() + " (start it first, or leave out --store for the planned flag)"));
            return FlagResolution.current(r, tenant);
        }
    }

    private String flagLine(FlagResolution.EffectiveFlag f) {
        if (f == null) {
            return "";
        }
        return String.format("Feature flag %s for %s: %s (%s%s) -> %s%n%n", f.flag(), f.tenant(), f.on() ? "on" : "off",
                f.source(), store == null ? ", as planned" : ", as served now", f.version());
    }

    private static String json(Tenant t, EffectivePolicy p, Optional<ScopeDenial> denial, FlagResolution.EffectiveFlag flag)
            throws Exception {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tenant", t.id());
        if (flag != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", flag.flag());
            f.put("on", flag.on());
            f.put("source", flag.source());
            f.put("version", flag.version());
            root.put("feature_flag", f);
        }
        root.put("policy_set", p.policySet());
        root.put("version", p.version());
        List<Map<String, Object>> rules = new ArrayList<>();
        for (EffectiveRule r : p.rules()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.rule().name());
            m.put("action", r.rule().action().spelling());
            r.rule().severity().ifPresent(s -> m.put("severity", s.spelling()));
            m.put("condition", r.rule().condition().strip());
            m.put("origin", originJson(r.origin()));
            r.overrode().ifPresent(o -> m.put("overrides", originJson(o)));
            rules.add(m);
        }
        root.put("rules", rules);
        root.put("scope", denial.<Object>map(d -> Map.of("admitted", false, "code", d.code().name(), "reason", d.reason()))
                .orElse(Map.of("admitted", true)));
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    }

    private static Map<String, Object> originJson(RuleOrigin o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", o.level().spelling());
        m.put("id", o.scopeId());
        m.put("file", o.source());
        return m;
    }
}
