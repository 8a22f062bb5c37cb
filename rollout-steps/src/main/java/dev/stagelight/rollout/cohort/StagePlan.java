package dev.stagelight.rollout.cohort;

import dev.stagelight.rollout.state.Denial;
import java.util.List;

/**
 * The cohorts of a rollout before anything changes: per stage the tenants (nested: each contains the previous), the
 * tenants the target bundle's scope forbids (skipped, with deny codes) and the totals the shares refer to.
 */
public record StagePlan(String rolloutId, String policySet, String fromVersion, String toVersion,
                        List<PlannedStage> stages, List<Denial> denied, int eligibleTenants, long eligibleVolume,
                        dev.stagelight.rollout.plan.Strategy strategy) {
    /** How tenants are ordered, as printed with the table. */
    public static final String ORDER_NOTE = "order: explicit tenants first, then ascending SHA-1(rollout_id + \".\" + tenant_id)"
            + " first 15 hex digits, ties by id";

    public StagePlan {
        stages = List.copyOf(stages);
        denied = List.copyOf(denied);
    }

    /**
     * Stages that name tenants of which the target bundle admits none: run, they would switch nobody (a canary that
     * proves nothing), so a rollout with one is refused.
     */
    public List<PlannedStage> emptyExplicitStages() {
        java.util.Set<String> deniedIds = new java.util.HashSet<>();
        denied.forEach(d -> deniedIds.add(d.tenant()));
        return stages.stream()
                .filter(s -> s.stage().hasExplicitTenants() && deniedIds.containsAll(s.stage().tenants()))
                .toList();
    }

    /** Every tenant the rollout will switch (the last stage's cohort). */
    public List<String> allTenants() {
        return stages.isEmpty() ? List.of() : stages.get(stages.size() - 1).tenants();
    }
}
