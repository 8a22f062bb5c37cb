package dev.stagelight.rollout.state;

import java.time.Instant;
import java.util.List;

/**
 * One stage's progress.
 *
 * @param activated      tenants this stage switched to the new version (earlier stages' tenants are not repeated)
 * @param skipped        tenants of this stage's cohort that were unreachable when it started
 * @param monitorUntil   end of the monitoring window (moved when metrics were unavailable)
 * @param extensions     how often monitoring was extended for lack of metrics (bounded)
 * @param lastKnownGood  the last available observations of this stage (kept when metrics become unavailable)
 * @param failuresCounted new failures this stage has been seen to cause: the highest {@code new_failures} of its
 *                       observations (they count since the stage started), so it never goes down, even when a later
 *                       observation reports fewer; the source of the {@code policy_rollout_failures_total} counter
 */
public record StageState(StageSpec spec, StageStatus status, Instant startedAt, Instant monitorUntil,
                         Instant completedAt, int extensions, List<String> activated, List<String> skipped,
                         StageObservations lastKnownGood, long failuresCounted) {
    public StageState {
        activated = List.copyOf(activated);
        skipped = List.copyOf(skipped);
    }

    public static StageState pending(StageSpec spec) {
        return new StageState(spec, StageStatus.PENDING, null, null, null, 0, List.of(), List.of(), null, 0);
    }

    public String name() {
        return spec.name();
    }

    StageState withStatus(StageStatus s) {
        return new StageState(spec, s, startedAt, monitorUntil, completedAt, extensions, activated, skipped, lastKnownGood,
                failuresCounted);
    }

    StageState started(Instant at, List<String> activatedTenants, List<String> skippedTenants) {
        return new StageState(spec, StageStatus.ACTIVE, at, null, null, 0, activatedTenants, skippedTenants, null, 0);
    }

    StageState monitoring(Instant until, int ext) {
        return new StageState(spec, StageStatus.MONITORING, startedAt, until, completedAt, ext, activated, skipped,
                lastKnownGood, failuresCounted);
    }

    StageState observed(StageObservations o) {
        return new StageState(spec, status, startedAt, monitorUntil, completedAt, extensions, activated, skipped, o,
                Math.max(failuresCounted, o.newFailures()));
    }

    StageState finished(StageStatus s, Instant at) {
        return new StageState(spec, s, startedAt, monitorUntil, at, extensions, activated, skipped, lastKnownGood,
                failuresCounted);
    }
}
