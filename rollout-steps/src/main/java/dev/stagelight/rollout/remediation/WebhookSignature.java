package dev.stagelight.rollout.remediation;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a remediation webhook: {@code X-Stagelight-Timestamp} carries the sending time in Unix seconds,
 * {@code X-Stagelight-Signature} is {@code v1=} and the hex HMAC-SHA256, keyed with the shared secret, of
 * {@code <timestamp> "." <body bytes>} (the scheme Stripe and Slack use). Signing the timestamp with the body lets a
 * receiver refuse an old request replayed; {@link WebhookVerifier} also refuses the same signature twice.
 */
public final class WebhookSignature {
    public static final String TIMESTAMP_HEADER = "X-Stagelight-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Stagelight-Signature";
    public static final String DELIVERY_HEADER = "X-Stagelight-Delivery";
    public static final String VERSION = "v1=";

    private WebhookSignature() {}

    /** {@code v1=<hex>} for {@code body} sent at {@code timestamp}. */
    public static String sign(byte[] secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return VERSION + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a request; throws {@link SecurityException} saying why it is refused: a header missing or malformed, a
     * timestamp further than {@code tolerance} from {@code now}, or a signature that does not match (compared in
     * constant time).
     */
    public static void check(byte[] secret, String timestampHeader, String signatureHeader, byte[] body, Instant now,
                             Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null) {
            throw new SecurityException("missing " + (timestampHeader == null ? TIMESTAMP_HEADER : SIGNATURE_HEADER));
        }
        long ts;
        try {
            ts = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            throw new SecurityException(TIMESTAMP_HEADER + " is not Unix seconds");
        }
        if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) {
            throw new SecurityException("timestamp " + ts + " is more than " + tolerance.toSeconds()
                    + " s from now (" + now.getEpochSecond() + "): stale or replayed");
        }
        byte[] expected = sign(secret, ts, body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signatureHeader.strip().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new SecurityException("signature does not match the timestamp and body");
        }
    }
}
