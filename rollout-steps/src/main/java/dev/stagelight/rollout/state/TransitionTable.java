package dev.stagelight.rollout.state;

import static dev.stagelight.rollout.state.RolloutStatus.*;
import static dev.stagelight.rollout.state.StageStatus.ACTIVE;
import static dev.stagelight.rollout.state.StageStatus.MONITORING;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The allowed status changes, exactly the flow's: rollout {@code pending -> in_progress -> paused ->
 * completed | rolled_back | failed} (a paused rollout resumes, or is rolled back or failed), stage
 * {@code pending -> active -> monitoring -> completed | failed} (a stage being applied can fail too).
 * Two additions: {@code failed -> rolled_back}, only when a manual rollback restores the tenants a failed rollback
 * left behind; and {@code pending -> rolled_back}, a rollout cancelled before any stage started (nothing applied;
 * ending it releases the tenants it leased at creation). Every step the machine makes is checked against this table.
 */
public final class TransitionTable {
    private static final Map<RolloutStatus, Set<RolloutStatus>> ROLLOUT = new EnumMap<>(RolloutStatus.class);
    private static final Map<StageStatus, Set<StageStatus>> STAGE = new EnumMap<>(StageStatus.class);

    static {
        ROLLOUT.put(PENDING, EnumSet.of(IN_PROGRESS, ROLLED_BACK));
        ROLLOUT.put(IN_PROGRESS, EnumSet.of(PAUSED, COMPLETED, ROLLED_BACK, FAILED));
        ROLLOUT.put(PAUSED, EnumSet.of(IN_PROGRESS, ROLLED_BACK, FAILED));
        ROLLOUT.put(COMPLETED, EnumSet.noneOf(RolloutStatus.class));
        ROLLOUT.put(ROLLED_BACK, EnumSet.noneOf(RolloutStatus.class));
        ROLLOUT.put(FAILED, EnumSet.of(ROLLED_BACK));
        STAGE.put(StageStatus.PENDING, EnumSet.of(ACTIVE));
        STAGE.put(ACTIVE, EnumSet.of(MONITORING, StageStatus.FAILED));
        STAGE.put(MONITORING, EnumSet.of(StageStatus.COMPLETED, StageStatus.FAILED));
        STAGE.put(StageStatus.COMPLETED, EnumSet.noneOf(StageStatus.class));
        STAGE.put(StageStatus.FAILED, EnumSet.noneOf(StageStatus.class));
    }

    private TransitionTable() {}

    public static boolean allowed(RolloutStatus from, RolloutStatus to) {
        return from == to || ROLLOUT.get(from).contains(to);
    }

    public static boolean allowed(StageStatus from, StageStatus to) {
        return from == to || STAGE.get(from).contains(to);
    }

    /** Throws when {@code after} is not reachable from {@code before} in one step (a bug in the machine, not bad input). */
    static void check(RolloutState before, RolloutState after) {
        if (!allowed(before.status(), after.status())) {
            throw new IllegalStateException(before.rolloutId() + ": transition " + before.status().wire() + " -> "
                    + after.status().wire() + " is not one of the flow's");
        }
        for (int i = 0; i < before.stages().size(); i++) {
            StageStatus a = before.stages().get(i).status();
            StageStatus b = after.stages().get(i).status();
            if (!allowed(a, b)) {
                throw new IllegalStateException(before.rolloutId() + ": stage " + before.stages().get(i).name()
                        + " transition " + a.wire() + " -> " + b.wire() + " is not one of the flow's");
            }
        }
    }
}
