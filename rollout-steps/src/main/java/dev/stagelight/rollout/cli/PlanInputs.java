package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.cohort.StagePlan;
import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.pipeline.PlanFiles;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.policy.PolicyLibrary;
import dev.stagelight.rollout.strategy.StrategyPlan;
import dev.stagelight.rollout.tenant.Tenants;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The inputs of planning ({@code plan}, {@code start}, {@code impact}): plan, tenants and the policy library. The
 * library is never optional: the target version's scopes decide who may receive it, so planning without it would
 * hand tenants a bundle their region or labels forbid.
 */
final class PlanInputs {
    static final String DEFAULT_POLICIES = "policies";

    @Option(names = "--plan", required = true, description = "Rollout plan (JSON or YAML).")
    Path plan;

    @Option(names = "--tenants", required = true, description = "Tenant tree (tenants.yaml).")
    Path tenants;

    @Option(names = "--policies", description = "Policy folder (default/, org/, team/, project/); default: the folder "
            + DEFAULT_POLICIES + "/ beside the plan. The plan's policy set and versions must be in it; the target"
            + " version's scopes (residency, labels, tenants) decide who may receive it.")
    Path policies;

    @Option(names = "--lenient", description = "Unknown fields are warnings instead of errors.")
    boolean lenient;

    /** @param strategy the plan made runnable by its strategy; {@code stages} is its stage table */
    record Planned(RolloutPlan plan, StagePlan stages, Tenants tenants, PolicyLibrary library, StrategyPlan strategy) {}

    Planned load(CommandSpec spec) {
        PlanFiles.Planned p = new PlanFiles(plan, tenants, policyFolder(), CommandSupport.strictness(lenient)).load();
        CommandSupport.printWarnings(spec, p.warnings());
        StrategyPlan sp = p.strategy();
        return new Planned(p.plan(), sp.stages(), p.tenants(), p.library(), sp);
    }

    private Path policyFolder() {
        if (policies != null) {
            return policies;
        }
        Path beside = plan.getParent() == null ? Path.of(DEFAULT_POLICIES) : plan.getParent().resolve(DEFAULT_POLICIES);
        if (!Files.isDirectory(beside)) {
            throw new InputException(plan.toString(), 0, 0, "", "no --policies given and no " + DEFAULT_POLICIES
                    + "/ folder beside the plan (" + beside + "); pass --policies <folder>");
        }
        return beside;
    }
}
