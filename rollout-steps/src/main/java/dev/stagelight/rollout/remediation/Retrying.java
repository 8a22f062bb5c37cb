package dev.stagelight.rollout.remediation;

import dev.stagelight.rollout.gate.source.Sleeper;
import java.time.Duration;

/** Tries an executor up to the rules' attempts, doubling the wait after each retryable failure; final failures stop. */
final class Retrying {
    private Retrying() {}

    static ExecutionResult run(ActionExecutor executor, ActionRequest request, RemediationRules.Retry retry,
                               Sleeper sleeper) {
        Duration wait = retry.backoff();
        for (int attempt = 1; ; attempt++) {
            ExecutionResult r;
            try {
                r = executor.execute(request);
            } catch (RuntimeException e) { // an executor bug is still a reported failure, never swallowed
                r = ExecutionResult.permanent("executor failed: " + e);
            }
            if (r.ok() || !r.retryable() || attempt >= retry.attempts()) {
                return r.withAttempts(attempt);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r.withAttempts(attempt);
            }
            wait = wait.multipliedBy(2);
        }
    }
}
