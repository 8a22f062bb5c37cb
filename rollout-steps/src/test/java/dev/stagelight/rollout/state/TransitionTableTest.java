package dev.stagelight.rollout.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TransitionTableTest {
    @Test
    void rolloutTransitionsAreExactlyTheFlows() {
        Set<String> allowed = new TreeSet<>();
        for (RolloutStatus a : RolloutStatus.values()) {
            for (RolloutStatus b : EnumSet.complementOf(EnumSet.of(a))) {
                if (TransitionTable.allowed(a, b)) {
                    allowed.add(a.wire() + "->" + b.wire());
                }
            }
        }
        assertEquals(new TreeSet<>(Set.of("pending->in_progress", "in_progress->paused", "paused->in_progress",
                "in_progress->completed", "in_progress->rolled_back", "in_progress->failed", "paused->rolled_back",
                "paused->failed", "failed->rolled_back")), allowed);
    }

    @Test
    void stageTransitionsAreExactlyTheFlows() {
        Set<String> allowed = new TreeSet<>();
        for (StageStatus a : StageStatus.values()) {
            for (StageStatus b : EnumSet.complementOf(EnumSet.of(a))) {
                if (TransitionTable.allowed(a, b)) {
                    allowed.add(a.wire() + "->" + b.wire());
                }
            }
        }
        assertEquals(new TreeSet<>(Set.of("pending->active", "active->monitoring", "monitoring->completed",
                "monitoring->failed", "active->failed")), allowed);
    }
}
