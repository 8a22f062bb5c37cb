package dev.stagelight.rollout.plan;

import java.util.List;

/** The plan's {@code rollback} block: whether a breached trigger rolls back by itself, and the triggers. */
public record RollbackPolicy(boolean automatic, List<RollbackTrigger> triggers) {
    public static final RollbackPolicy NONE = new RollbackPolicy(false, List.of());

    public RollbackPolicy {
        triggers = List.copyOf(triggers);
    }
}
