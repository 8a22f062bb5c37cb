package dev.stagelight.rollout.remediation;

/** Carries out one request. Never throws for a failed action: the result says what failed (and whether to retry). */
public interface ActionExecutor {
    ExecutionResult execute(ActionRequest request);

    /** As evidence names it ({@code engine rollout-789}, {@code webhook https://...}, {@code command /usr/bin/x}). */
    String describe();
}
