package dev.stagelight.rollout.remediation;

import java.util.List;

/**
 * The outcome of one remediation evaluation: every decision (as logged), the inputs read, the state afterwards.
 *
 * @param evaluation the evaluation's number in the scope's log
 * @param dryRun     a dry run records its evidence but never changes the state
 */
public record Evaluation(long evaluation, Readings readings, List<EvidenceRecord> decisions, RemediationState state,
                         boolean dryRun) {
    public Evaluation {
        decisions = List.copyOf(decisions);
    }

    /** True when an executor or notification failed on every attempt (the command then exits 1). */
    public boolean failed() {
        return decisions.stream().anyMatch(d -> d.decision().failure());
    }
}
