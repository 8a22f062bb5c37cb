package dev.stagelight.rollout.state;

import java.util.List;

/** The plan's {@code rollback} block: whether a breached trigger rolls back by itself, and the triggers. */
public record RollbackPolicy(boolean automatic, List<RollbackTrigger> triggers) {
    public RollbackPolicy {
        triggers = List.copyOf(triggers);
    }

    /** The first breached trigger's reason, or null. */
    public String breach(StageObservations o) {
        for (RollbackTrigger t : triggers) {
            String reason = t.breach(o);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }
}
