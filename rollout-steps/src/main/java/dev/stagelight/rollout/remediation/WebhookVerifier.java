package dev.stagelight.rollout.remediation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A receiver's check of remediation webhooks: the signature and timestamp as {@link WebhookSignature#check}, plus
 * replay protection: a signature accepted once is refused for as long as its timestamp is within the tolerance (after
 * that the timestamp check refuses it). Thread-safe.
 */
public final class WebhookVerifier {
    private final byte[] secret;
    private final Duration tolerance;
    private final Clock clock;
    private final Map<String, Long> seen = new LinkedHashMap<>(); // signature -> timestamp, oldest first

    public WebhookVerifier(byte[] secret, Duration tolerance, Clock clock) {
        this.secret = secret.clone();
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** Accepts the request or throws {@link SecurityException} saying why not. */
    public synchronized void verify(String timestampHeader, String signatureHeader, byte[] body) {
        Instant now = clock.instant();
        WebhookSignature.check(secret, timestampHeader, signatureHeader, body, now, tolerance);
        for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (now.getEpochSecond() - it.next().getValue() > tolerance.toSeconds()) {
                it.remove();
            } else {
                break;
            }
        }
        if (seen.putIfAbsent(signatureHeader.strip(), Long.parseLong(timestampHeader.strip())) != null) {
            throw new SecurityException("replay: this signature was already accepted");
        }
    }
}
