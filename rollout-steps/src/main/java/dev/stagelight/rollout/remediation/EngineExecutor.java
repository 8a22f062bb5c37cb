package dev.stagelight.rollout.remediation;

import dev.stagelight.rollout.engine.RolloutEngine;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.RolloutStateException;
import dev.stagelight.rollout.store.ConflictException;
import dev.stagelight.rollout.store.StoreException;

/**
 * The engine itself: pauses the rollout (revert: resumes it, only if the pause is the one remediation made) and
 * widens the canary stage's monitoring window (revert: narrows it back). A state that does not allow the action is a
 * final failure; a store that moved underneath may be retried.
 */
public final class EngineExecutor implements ActionExecutor {
    private final RolloutEngine engine;
    private final String actor;

    public EngineExecutor(RolloutEngine engine, String actor) {
        this.engine = engine;
        this.actor = actor;
    }

    @Override
    public ExecutionResult execute(ActionRequest r) {
        try {
            // Idempotent for a restart between acting and recording: the same pause (same reason) is not an error,
            // and a pause that is no longer remediation's (resumed or re-paused by a person) is left alone.
            RolloutState now = engine.require(r.rolloutId());
            if (r.kind() == ActionKind.PAUSE_ROLLOUT && now.status() == dev.stagelight.rollout.state.RolloutStatus.PAUSED) {
                boolean ours = r.reason().equals(now.pauseReason());
                if (!r.revert()) {
                    return ours ? ExecutionResult.ok(r.rolloutId() + " already paused by this rule")
                            : ExecutionResult.ok(r.rolloutId() + " already paused (" + now.pauseReason() + ")");
                }
                if (!ours) {
                    return ExecutionResult.ok(r.rolloutId() + " left paused: paused meanwhile for " + now.pauseReason());
                }
            }
            if (r.kind() == ActionKind.PAUSE_ROLLOUT && r.revert()
                    && now.status() != dev.stagelight.rollout.state.RolloutStatus.PAUSED) {
                return ExecutionResult.ok(r.rolloutId() + " is " + now.status().wire() + ", no pause left to resume");
            }
            RolloutState s = switch (r.kind()) {
                case PAUSE_ROLLOUT -> r.revert() ? engine.resume(r.rolloutId(), r.reason(), actor, r.at())
                        : engine.pause(r.rolloutId(), r.reason(), actor, r.at());
                case WIDEN_CANARY -> engine.moveMonitoringWindow(r.rolloutId(),
                        r.revert() ? r.widenBy().negated() : r.widenBy(), actor, r.at());
                default -> throw new IllegalArgumentException(r.kind().spelling() + " is not an engine action");
            };
            String stage = s.stage() == null ? "" : ", stage " + s.stage().name()
                    + (s.stage().monitorUntil() == null ? "" : " monitors until " + s.stage().monitorUntil());
            return ExecutionResult.ok(s.rolloutId() + " " + s.status().wire() + stage);
        } catch (ConflictException e) {
            return ExecutionResult.retryable(e.getMessage());
        } catch (RolloutStateException | StoreException | IllegalArgumentException e) {
            return ExecutionResult.permanent(e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "engine";
    }
}
