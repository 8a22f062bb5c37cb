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
 */
public record StageState(StageSpec spec, StageStatus status, Instant startedAt, Instant monitorUntil,
                         Instant completedAt, int extensions, List<String> activated, List<String> skipped,
                         StageObservations lastKnownGood) {
    public StageState {
        activated = List.copyOf(activated);
        skipped = List.copyOf(skipped);
    }

    public static StageState pending(StageSpec spec) {
        return new StageState(spec, StageStatus.PENDING, null, null, null, 0, List.of(), List.of(), null);
    }

    public String name() {
        return spec.name();
    }

    StageState withStatus(StageStatus s) {
        return new StageState(spec, s, startedAt, monitorUntil, completedAt, extensions, activated, skipped, lastKnownGood);
    }

    StageState started(Instant at, List<String> activatedTenants, List<String> skippedTenants) {
        return new StageState(spec, StageStatus.ACTIVE, at, null, null, 0, activatedTenants, skippedTenants, null);
    }

    StageState monitoring(Instant until, int ext) {
        return new StageState(spec, StageStatus.MONITORING, startedAt, until, completedAt, ext, activated, skipped, lastKnownGood);
    }

    StageState observed(StageObservations o) {
        return new StageState(spec, status, startedAt, monitorUntil, completedAt, extensions, activated, skipped, o);
    }

    StageState finished(StageStatus s, Instant at) {
        return new StageState(spec, s, startedAt, monitorUntil, at, extensions, activated, skipped, lastKnownGood);
    }
}
