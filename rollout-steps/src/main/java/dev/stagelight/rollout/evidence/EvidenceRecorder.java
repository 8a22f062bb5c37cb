package dev.stagelight.rollout.evidence;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.rollout.events.RolloutEvent;
import dev.stagelight.rollout.state.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects the evidence of every step a command applies (each event of each step, in order) and appends it as one
 * batch when the command is done, so k decisions cost one append of O(k + log n) files. Steps are durable in the
 * rollout store before they reach here; evidence follows them and never precedes them.
 */
public final class EvidenceRecorder implements Consumer<Step> {
    private final List<byte[]> statements = new ArrayList<>();
    private final List<String> sources = new ArrayList<>();

    @Override
    public void accept(Step step) {
        List<RolloutEvent> events = step.events();
        for (int i = 0; i < events.size(); i++) {
            statements.add(EvidenceStatement.of(step, events.get(i), i));
            sources.add(step.rolloutId() + " seq " + step.state().seq() + " " + events.get(i).event());
        }
    }

    public int size() {
        return statements.size();
    }

    /** Appends what was collected (nothing when empty: returns null) and forgets it. */
    public Appender.Result publish(EvidenceIndex index) throws Exception {
        if (statements.isEmpty()) {
            return null;
        }
        Appender.Result r = index.append(statements, sources);
        statements.clear();
        sources.clear();
        return r;
    }
}
