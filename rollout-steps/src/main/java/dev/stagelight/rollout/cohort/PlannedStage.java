package dev.stagelight.rollout.cohort;

import dev.stagelight.rollout.plan.Stage;
import java.util.List;

/**
 * A stage with its cohort: {@code tenants} is cumulative (every tenant that runs the new version once the stage has
 * started, in rollout order), {@code added} the ones this stage switches. Shares are fractions of the eligible tenants.
 *
 * @param selection how the cohort was chosen, for people ("explicit", "25% by scan_volume", "75% by count", "all")
 * @param volume    the cohort's scan volume (cumulative, like {@code tenants})
 * @param addedVolume the scan volume of the tenants this stage switches
 */
public record PlannedStage(Stage stage, String selection, List<String> tenants, List<String> added,
                           double countShare, double volumeShare, long volume, long addedVolume) {
    public PlannedStage {
        tenants = List.copyOf(tenants);
        added = List.copyOf(added);
    }

    public String name() {
        return stage.name();
    }
}
