package dev.stagelight.rollout.pipeline;

import dev.stagelight.rollout.cohort.CohortPlanner;
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
import dev.stagelight.rollout.tenant.Tenants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of planning: plan, tenant tree and policy library (the folder {@value #DEFAULT_POLICIES}/ beside the plan
 * when none is named). The library is never optional: the target version's scopes decide who may receive it.
 * Shared by the command line and the Jenkins steps, so both plan exactly alike.
 */
public record PlanFiles(Path plan, Path tenants, Path policies, Strictness strictness) {
    public static final String DEFAULT_POLICIES = "policies";

    /** A loaded plan with its cohorts, the inputs it was resolved against, and every warning of lenient mode. */
    public record Planned(RolloutPlan plan, StagePlan stages, Tenants tenants, PolicyLibrary library,
                          List<InputWarning> warnings) {
        public Planned {
            warnings = List.copyOf(warnings);
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
        StagePlan stages = CohortPlanner.plan(p, tree.all(), TargetScopes.of(lib, p.policySet(), p.toVersion()));
        return new Planned(p, stages, tree, lib, warnings);
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
