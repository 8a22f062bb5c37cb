package dev.stagelight.rollout.evidence;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.rollout.events.RolloutEvent;
import dev.stagelight.rollout.gate.set.GateOutcome;
import dev.stagelight.rollout.remediation.Evaluation;
import dev.stagelight.rollout.remediation.EvidenceRecord;
import dev.stagelight.rollout.state.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects the evidence of what a command decided (each event of each step it applied, the gate verdicts it judged
 * by, the remediation actions it took) in order and appends it as one batch when the command is done, so k decisions
 * cost one append of O(k + log n) files. Steps and remediation decisions are durable in the rollout store before they
 * reach here; evidence follows them and never precedes them.
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

    /** A gate verdict that judged {@code stage} (of {@code rolloutId}, or null for a stand-alone evaluation). */
    public void gateVerdict(GateOutcome outcome, String tenant, String rolloutId, String stage, Instant at) {
        statements.add(GateVerdictStatement.of(outcome, tenant, rolloutId, stage, at));
        sources.add((rolloutId == null ? tenant : rolloutId) + " gate verdict of stage " + stage + " at " + at);
    }

    /** The actions an evaluation took, reverted or failed (not its decisions not to act); returns how many. */
    public int remediation(Evaluation e) {
        int n = 0;
        List<EvidenceRecord> ds = e.decisions();
        for (int i = 0; i < ds.size(); i++) {
            EvidenceRecord d = ds.get(i);
            if (RemediationStatement.published(d)) {
                statements.add(RemediationStatement.of(d, i));
                sources.add("remediation " + d.scope() + " evaluation " + d.evaluation() + " " + d.action() + " "
                        + d.decision().wire());
                n++;
            }
        }
        return n;
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
