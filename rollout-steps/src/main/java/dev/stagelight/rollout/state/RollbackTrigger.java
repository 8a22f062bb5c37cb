package dev.stagelight.rollout.state;

import java.util.OptionalDouble;

/** A rollback trigger of the plan: breached when the observed {@code metric} is strictly above {@code threshold}. */
public record RollbackTrigger(String metric, double threshold) {

    /** Null when not breached (or the metric was not observed), else the reason in the flow's wording. */
    public String breach(StageObservations o) {
        OptionalDouble value = o.metric(metric);
        if (value.isEmpty() || value.getAsDouble() <= threshold) {
            return null;
        }
        return metric + " exceeded " + Numbers.plain(threshold) + " threshold (observed "
                + Numbers.plain(value.getAsDouble()) + ")";
    }
}
