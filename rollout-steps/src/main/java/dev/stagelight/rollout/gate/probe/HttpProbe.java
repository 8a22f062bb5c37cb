package dev.stagelight.rollout.gate.probe;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A health check: GET {@code url}, expect one of {@code expectedStatus} within {@code timeout}; the probe fails once
 * more than {@code failureLimit} checks in a row have failed (the defence document's "&gt; 3 failed health checks"
 * is limit 3: the fourth consecutive failure fails it).
 */
public record HttpProbe(String name, URI url, Set<Integer> expectedStatus, Duration timeout, int failureLimit) {
    public HttpProbe {
        Objects.requireNonNull(name, "name");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("probe " + name + ": url must be http or https, got " + url);
        }
        expectedStatus = Set.copyOf(new TreeSet<>(expectedStatus));
        if (expectedStatus.isEmpty() || expectedStatus.stream().anyMatch(s -> s < 100 || s > 599)) {
            throw new IllegalArgumentException("probe " + name + ": expected status must be HTTP codes 100-599, got "
                    + expectedStatus);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("probe " + name + ": timeout must be positive, got " + timeout);
        }
        if (failureLimit < 0) {
            throw new IllegalArgumentException("probe " + name + ": failure limit must be >= 0, got " + failureLimit);
        }
    }

    /** Expects 200 within 5 s, fails after more than 3 consecutive failures. */
    public static HttpProbe of(String name, URI url) {
        return new HttpProbe(name, url, Set.of(200), Duration.ofSeconds(5), 3);
    }

    public HttpProbe withExpected(Set<Integer> codes) {
        return new HttpProbe(name, url, codes, timeout, failureLimit);
    }

    public HttpProbe withTimeout(Duration t) {
        return new HttpProbe(name, url, expectedStatus, t, failureLimit);
    }

    public HttpProbe withFailureLimit(int limit) {
        return new HttpProbe(name, url, expectedStatus, timeout, limit);
    }

    /** The expected codes as messages write them: {@code 200} or {@code 200|204}. */
    String expectedText() {
        return String.join("|", new TreeSet<>(expectedStatus).stream().map(String::valueOf).toList());
    }
}
