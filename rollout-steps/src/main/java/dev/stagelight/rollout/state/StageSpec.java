package dev.stagelight.rollout.state;

import java.time.Duration;
import java.util.List;

/**
 * A stage as frozen into the rollout state when the rollout is created: the planned cohort (cumulative, so every
 * stage's cohort contains the previous one) and how to judge it. Freezing it means a resumed process needs only the store.
 *
 * @param autoProceed when false, a person must {@code approve} before the next stage starts
 * @param analysis    the gates the plan names for the stage; null when observations alone judge it
 */
public record StageSpec(String name, String description, List<String> cohort, Duration duration,
                        StageCriteria criteria, boolean autoProceed, dev.stagelight.rollout.plan.StageAnalysis analysis) {
    public StageSpec {
        cohort = List.copyOf(cohort);
        duration = duration == null ? Duration.ZERO : duration;
        criteria = criteria == null ? StageCriteria.NONE : criteria;
    }

    /** A stage without gates. */
    public StageSpec(String name, String description, List<String> cohort, Duration duration, StageCriteria criteria,
                     boolean autoProceed) {
        this(name, description, cohort, duration, criteria, autoProceed, null);
    }
}
