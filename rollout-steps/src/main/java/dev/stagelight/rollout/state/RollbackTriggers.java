package dev.stagelight.rollout.state;

import dev.stagelight.rollout.plan.RollbackPolicy;
import dev.stagelight.rollout.plan.RollbackTrigger;
import java.util.OptionalDouble;

/** Evaluates the plan's rollback triggers on a stage's observations: breached when a metric is strictly above its threshold. */
public final class RollbackTriggers {
    private RollbackTriggers() {}

    /** The first breached trigger's reason in the flow's wording, or null (unobserved metrics do not breach). */
    public static String breach(RollbackPolicy policy, StageObservations o) {
        for (RollbackTrigger t : policy.triggers()) {
            String metric = t.metric().spelling();
            OptionalDouble value = o.metric(metric);
            if (value.isPresent() && value.getAsDouble() > t.threshold()) {
                return metric + " exceeded " + Numbers.plain(t.threshold()) + " threshold (observed "
                        + Numbers.plain(value.getAsDouble()) + ")";
            }
        }
        return null;
    }
}
