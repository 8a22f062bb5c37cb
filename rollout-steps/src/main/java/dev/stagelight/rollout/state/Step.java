package dev.stagelight.rollout.state;

import dev.stagelight.rollout.events.RolloutEvent;
import java.util.List;

/**
 * One transition the machine decided: the new state, the assignment changes that go with it and the events it
 * emits, plus what a store records in its log (action, stage, actor). A store applies all of it or none of it.
 */
public record Step(RolloutState state, List<AssignmentChange> changes, List<RolloutEvent> events, String action,
                   String stage, String actor) {
    public Step {
        changes = List.copyOf(changes);
        events = List.copyOf(events);
    }

    public String rolloutId() {
        return state.rolloutId();
    }

    /** The seq the stored state must have for this step to apply (0: the rollout must not exist yet). */
    public long expectedSeq() {
        return state.seq() - 1;
    }
}
