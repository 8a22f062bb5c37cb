package dev.stagelight.rollout.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TransitionTableTest {
    @Test
    void rolloutTransitionsAreExactlyTheFlows() {
        assertEquals(new TreeSet<>(Set.of("pending->in_progress", "in_progress->paused", "paused->in_progress",
                "in_progress->completed", "in_progress->rolled_back", "in_progress->failed", "paused->rolled_back",
                "paused->failed", "failed->rolled_back", "pending->rolled_back")),
                allowed(RolloutStatus.values(), TransitionTable::allowed, RolloutStatus::wire));
    }

    @Test
    void stageTransitionsAreExactlyTheFlows() {
        assertEquals(new TreeSet<>(Set.of("pending->active", "active->monitoring", "monitoring->completed",
                "monitoring->failed", "active->failed")),
                allowed(StageStatus.values(), TransitionTable::allowed, StageStatus::wire));
    }

    private static <S> Set<String> allowed(S[] values, BiPredicate<S, S> allowed, Function<S, String> wire) {
        Set<String> out = new TreeSet<>();
        for (S a : values) {
            for (S b : values) {
                if (a != b && allowed.test(a, b)) {
                    out.add(wire.apply(a) + "->" + wire.apply(b));
                }
            }
        }
        return out;
    }
}
