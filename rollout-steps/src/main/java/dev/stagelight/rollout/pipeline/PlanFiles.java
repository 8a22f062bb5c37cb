package dev.stagelight.rollout.pipeline;

import dev.stagelight.rollout.cohort.StagePlan;
import dev.stagelight.rollout.cohort.TargetScopes;
import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.InputWarning;
import dev.stagelight.rollout.input.Loaded;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.plan.RolloutPlans;
import dev.stagelight.rollout.policy.PolicyLibrary;
import dev.stagelight.rollout.strategy.StrategyPlan;
import dev.stagelight.rollout.strategy.StrategyPlanner;
import dev.stagelight.rollout.tenant.Tenants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of planning: plan, tenant tree and policy library (the folder {@value #DEFAULT_POLICIES}/ beside the plan
 * when none is named). The library is never optional: the target version's scopes decide who may receive it.
 * Shared by the command line and the Jenkins steps, so both plan exactly alike: every strategy the plan schema names
 * ({@code staged}, {@code canary_traffic}, {@code blue_green}, {@code feature_flag}) through {@link StrategyPlanner}.
 */
public record PlanFiles(Path plan, Path tenants, Path policies, Strictness strictness) {
    public static final String DEFAULT_POLICIES = "policies";

    /**
     * A loaded plan made runnable by its strategy, the inputs it was resolved against, and every warning of lenient
     * mode. {@code stages} is the stage table people read (the strategy's stages: traffic steps, compare/switch, flag
     * overrides first).
     */
    public record Planned(RolloutPlan plan, StrategyPlan strategy, Tenants tenants, PolicyLibrary library,
                          List<InputWarning> warnings) {
        public Planned {
            warnings = List.copyOf(warnings);
        }

        public StagePlan stages() {
            return strategy.stages();
        }

        /** Lines for people about how the strategy shaped the stages (none for staged). */
        public List<String> notes() {
            return strategy.notes();
        }
    }

    public Planned load() {
        List<InputWarning> warnings = new ArrayList<>();
        Tenants tree = Tenants.load(tenants, strictness);
        warnings.addAll(tree.warnings());
        PolicyLibrary lib = PolicyLibrary.load(policyFolder(), strictness);
        warnings.addAll(lib.warnings());
        Loaded<RolloutPlan> loaded = RolloutPlans.read(InputLoader.load(plan, strictness), tree, lib);
        warnings.addAll(loaded.warnings());
        RolloutPlan p = loaded.value();
        StrategyPlan sp = StrategyPlanner.plan(p, tree.all(), TargetScopes.of(lib, p.policySet(), p.toVersion()));
        return new Planned(p, sp, tree, lib, warnings);
    }

    /** The policy folder used: the one named, else {@value #DEFAULT_POLICIES}/ beside the plan. */
    public Path policyFolder() {
        if (policies != null) {
            return policies;
        }
        Path beside = plan.getParent() == null ? Path.of(DEFAULT_POLICIES) : plan.getParent().resolve(DEFAULT_POLICIES);
        if (!Files.isDirectory(beside)) {
            throw new InputException(plan.toString(), 0, 0, "", "no policies folder given and no " + DEFAULT_POLICIES
                    + "/ folder beside the plan (" + beside + "); name the policy folder");
        }
        return beside;
    }
}
