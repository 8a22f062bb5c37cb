package dev.stagelight.rollout.state;

import dev.stagelight.rollout.plan.Notification;
import dev.stagelight.rollout.plan.RollbackPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the engine needs to continue a rollout, as stored after each transition (so a restarted process
 * resumes from the store alone).
 *
 * @param seq              number of transitions applied so far (the store compares it to refuse lost updates)
 * @param currentStage     index into {@code stages}; -1 before the first stage starts
 * @param awaitingApproval true while a person must {@code approve} before the next stage may start
 * @param pauseReason      why the rollout is paused (null unless paused)
 * @param baseline         every tenant of the rollout and the version it ran before (what a rollback restores)
 * @param denied           tenants left out by residency/label/tenant scope, with deny codes
 * @param notifications    who hears about approvals, pauses, rollbacks and completion (named in those events)
 * @param strategy         what a non-staged strategy publishes beside the assignments; null for staged rollouts
 */
public record RolloutState(String rolloutId, String policySet, String fromVersion, String toVersion,
                           RolloutStatus status, long seq, Instant createdAt, Instant updatedAt, int currentStage,
                           boolean awaitingApproval, String pauseReason, List<StageState> stages,
                           RollbackPolicy rollback, List<Notification> notifications, Map<String, String> baseline,
                           List<Approval> approvals, List<Denial> denied, RollbackReport rollbackReport,
                           StrategyState strategy) {
    public RolloutState {
        stages = List.copyOf(stages);
        notifications = List.copyOf(notifications);
        baseline = java.util.Collections.unmodifiableMap(new TreeMap<>(baseline));
        approvals = List.copyOf(approvals);
        denied = List.copyOf(denied);
    }

    public StageState stage() {
        return currentStage < 0 || currentStage >= stages.size() ? null : stages.get(currentStage);
    }

    /** Tenants this rollout has switched to {@code toVersion} so far, in activation order. */
    public List<String> activatedTenants() {
        return stages.stream().flatMap(s -> s.activated().stream()).toList();
    }

    /**
     * Tenants a stage skipped as unreachable that no later stage has switched since: they still run
     * {@code fromVersion}. Once the last stage has started nothing retries them; a completed rollout reports them.
     */
    public List<String> skippedTenants() {
        java.util.Set<String> applied = new java.util.HashSet<>(activatedTenants());
        return stages.stream().flatMap(s -> s.skipped().stream()).filter(t -> !applied.contains(t)).distinct().toList();
    }

    /** The same state (same seq) with one stage replaced: folds observations into a step that is built next. */
    RolloutState withStage(int index, StageState stage) {
        List<StageState> copy = new java.util.ArrayList<>(stages);
        copy.set(index, stage);
        return new RolloutState(rolloutId, policySet, fromVersion, toVersion, status, seq, createdAt, updatedAt,
                currentStage, awaitingApproval, pauseReason, copy, rollback, notifications, baseline, approvals, denied,
                rollbackReport, strategy);
    }

    /** A builder-style copy; transitions change a few fields at a time. */
    Mut mut() {
        return new Mut(this);
    }

    static final class Mut {
        RolloutStatus status;
        Instant updatedAt;
        int currentStage;
        boolean awaitingApproval;
        String pauseReason;
        final java.util.ArrayList<StageState> stages;
        final java.util.ArrayList<Approval> approvals;
        RollbackReport rollbackReport;
        private final RolloutState base;

        Mut(RolloutState s) {
            base = s;
            status = s.status;
            updatedAt = s.updatedAt;
            currentStage = s.currentStage;
            awaitingApproval = s.awaitingApproval;
            pauseReason = s.pauseReason;
            stages = new java.util.ArrayList<>(s.stages);
            approvals = new java.util.ArrayList<>(s.approvals);
            rollbackReport = s.rollbackReport;
        }

        RolloutState build(Instant now) {
            return new RolloutState(base.rolloutId, base.policySet, base.fromVersion, base.toVersion, status,
                    base.seq + 1, base.createdAt, now, currentStage, awaitingApproval, pauseReason, stages,
                    base.rollback, base.notifications, base.baseline, approvals, base.denied, rollbackReport,
                    base.strategy);
        }
    }
}
