package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.cohort.CohortPlanner;
import dev.stagelight.rollout.cohort.StagePlan;
import dev.stagelight.rollout.cohort.TargetScopes;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.plan.RolloutPlans;
import dev.stagelight.rollout.policy.BundleScope;
import dev.stagelight.rollout.policy.PolicyLibrary;
import dev.stagelight.rollout.tenant.Tenants;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The inputs of planning ({@code plan}, {@code start}): plan, tenants and optionally the policies with bundle scopes. */
final class PlanInputs {
    @Option(names = "--plan", required = true, description = "Rollout plan (JSON or YAML).")
    Path plan;

    @Option(names = "--tenants", required = true, description = "Tenant tree (tenants.yaml).")
    Path tenants;

    @Option(names = "--policies", description = "Policy folder; the target version's scopes decide who may receive it"
            + " (without it every tenant is eligible).")
    Path policies;

    @Option(names = "--lenient", description = "Unknown fields are warnings instead of errors.")
    boolean lenient;

    record Planned(RolloutPlan plan, StagePlan stages) {}

    Planned load(CommandSpec spec) {
        var strictness = CommandSupport.strictness(lenient);
        Tenants tree = Tenants.load(tenants, strictness);
        CommandSupport.printWarnings(spec, tree.warnings());
        RolloutPlan p = RolloutPlans.load(plan, strictness, tree);
        StagePlan stages;
        if (policies != null) {
            PolicyLibrary lib = PolicyLibrary.load(policies, strictness);
            CommandSupport.printWarnings(spec, lib.warnings());
            stages = CohortPlanner.plan(p, tree.all(), TargetScopes.of(lib, p.policySet(), p.toVersion()));
        } else {
            stages = CohortPlanner.plan(p, tree.all(), BundleScope.ANY);
        }
        return new Planned(p, stages);
    }
}
