package dev.stagelight.rollout.state;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A stage's gate verdict as stored with the stage: the status ({@code pass}, {@code inconclusive}, {@code error},
 * {@code failed}), when it was evaluated (the engine's time), the rule that decided and one evidence line per part.
 * {@code failed} triggers the plan's rollback, {@code inconclusive} at the window's end pauses for a person,
 * {@code error} is "metrics unavailable".
 */
public record GateResult(String status, Instant evaluatedAt, String rule, List<String> evidence) {
    public static final List<String> STATUSES = List.of("pass", "inconclusive", "error", "failed");

    public GateResult {
        Objects.requireNonNull(evaluatedAt, "evaluatedAt");
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("gate status must be one of " + STATUSES + ", got " + status);
        }
        evidence = List.copyOf(evidence);
    }

    public boolean failed() {
        return status.equals("failed");
    }

    public boolean passed() {
        return status.equals("pass");
    }

    /** One line: {@code failed at 2026-01-02T17:30:00Z: analysis error-ratio/canary-error-ratio is failed}. */
    public String describe() {
        return status + " at " + evaluatedAt + ": " + rule;
    }
}
