package dev.stagelight.rollout.state;

/** A request the rollout's current state does not allow (approve when nothing waits, rollback of a completed rollout). */
public class RolloutStateException extends Exception {
    private static final long serialVersionUID = 1L;

    public RolloutStateException(String message) {
        super(message);
    }
}
