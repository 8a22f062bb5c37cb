package dev.stagelight.rollout.plan;

import java.util.List;
import java.util.Optional;

/**
 * A validated rollout plan in the shape of the multi-tenant policy rollout flow: move {@code policySet} from
 * {@code fromVersion} to {@code toVersion} through {@code stages}. {@code config} is present exactly for the
 * non-staged strategies. Load with {@link RolloutPlans}.
 */
public record RolloutPlan(
        String rolloutId,
        String policySet,
        String fromVersion,
        String toVersion,
        Strategy strategy,
        Optional<StrategyConfig> config,
        List<Stage> stages,
        RollbackPolicy rollback,
        List<Notification> notifications) {

    public RolloutPlan {
        stages = List.copyOf(stages);
        notifications = List.copyOf(notifications);
    }

    public Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
