package dev.stagelight.rollout.gate.source;

import java.time.Duration;

/**
 * Bounded retries with exponential back-off for answers that may change on retry (503, other 5xx, 429, timeouts,
 * failed connections). A 400, 422 or malformed body is not retried: asking again gives the same answer.
 *
 * @param timeout     the limit for one request, connection included
 * @param maxAttempts attempts in all, at least 1
 * @param backoff     the wait before the second attempt; each later wait is {@code multiplier} times the last
 * @param maxBackoff  the longest single wait
 */
public record RetryPolicy(Duration timeout, int maxAttempts, Duration backoff, double multiplier, Duration maxBackoff) {
    public RetryPolicy {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("max attempts must be 1 to 10, got " + maxAttempts);
        }
        if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0 || !(multiplier >= 1)) {
            throw new IllegalArgumentException("back-off must be 0 <= backoff <= max_backoff and multiplier >= 1");
        }
    }

    /** 10 s per request, 3 attempts, waiting 1 s then 2 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofSeconds(10), 3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));
    }

    public RetryPolicy withTimeout(Duration t) {
        return new RetryPolicy(t, maxAttempts, backoff, multiplier, maxBackoff);
    }

    public RetryPolicy withAttempts(int n) {
        return new RetryPolicy(timeout, n, backoff, multiplier, maxBackoff);
    }

    /** The wait after failed attempt {@code attempt} (1-based). */
    public Duration delayAfter(int attempt) {
        double ms = backoff.toMillis() * Math.pow(multiplier, attempt - 1);
        return Duration.ofMillis((long) Math.min(ms, maxBackoff.toMillis()));
    }
}
