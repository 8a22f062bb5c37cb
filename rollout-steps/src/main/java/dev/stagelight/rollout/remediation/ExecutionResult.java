package dev.stagelight.rollout.remediation;

/**
 * What an executor reported.
 *
 * @param ok        the action took effect
 * @param retryable a failure that may go away on retry (5xx, timeouts, refused connections, non-zero exits)
 * @param message   one line: what happened ({@code HTTP 200}, {@code exit 0}, {@code rollout-789 paused})
 * @param attempts  attempts made (filled in by the retry loop)
 */
public record ExecutionResult(boolean ok, boolean retryable, String message, int attempts) {
    public static ExecutionResult ok(String message) {
        return new ExecutionResult(true, false, message, 1);
    }

    public static ExecutionResult retryable(String message) {
        return new ExecutionResult(false, true, message, 1);
    }

    public static ExecutionResult permanent(String message) {
        return new ExecutionResult(false, false, message, 1);
    }

    ExecutionResult withAttempts(int n) {
        return new ExecutionResult(ok, retryable, message, n);
    }
}
