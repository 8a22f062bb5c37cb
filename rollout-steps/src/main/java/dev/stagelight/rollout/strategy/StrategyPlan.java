package dev.stagelight.rollout.strategy;

import dev.stagelight.rollout.cohort.StagePlan;
import dev.stagelight.rollout.plan.RollbackPolicy;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.state.StageSpec;
import dev.stagelight.rollout.state.StrategyState;
import java.util.List;

/**
 * A plan made runnable: the stage table people read ({@code stages}), the stages frozen into the rollout
 * ({@code specs}, with the strategy's bounds in their criteria), the rollback policy the engine applies (the plan's,
 * plus a strategy's own trigger), what the strategy publishes beside the assignments ({@code state}, null for staged)
 * and lines for people about how the strategy shaped the stages ({@code notes}).
 */
public record StrategyPlan(RolloutPlan plan, StagePlan stages, List<StageSpec> specs, RollbackPolicy rollback,
                           StrategyState state, List<String> notes) {
    public StrategyPlan {
        specs = List.copyOf(specs);
        notes = List.copyOf(notes);
    }
}
