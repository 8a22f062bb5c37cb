package dev.stagelight.rollout.cohort;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import dev.stagelight.rollout.tenant.Tenant;
import java.util.Comparator;

/**
 * The stable order of tenants within a rollout, LaunchDarkly-style: {@code SHA-1(rolloutId + "." + tenantId)}
 * (UTF-8), the first 15 hex digits (60 bits) read as a non-negative long; lower buckets come first, ties by tenant id.
 * It depends on nothing but the two ids, so re-planning gives the same order, every percentage stage takes a prefix
 * of it (hence the 25% cohort is inside the 75% cohort), and another rollout id shuffles tenants independently.
 */
public final class CohortHash {
    private CohortHash() {}

    public static long bucket(String rolloutId, String tenantId) {
        return bucket(sha1(), rolloutId, tenantId);
    }

    static long bucket(MessageDigest sha1, String rolloutId, String tenantId) {
        sha1.reset();
        byte[] d = sha1.digest((rolloutId + "." + tenantId).getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 7; i++) {
            v = (v << 8) | (d[i] & 0xff);
        }
        return (v << 4) | ((d[7] & 0xff) >>> 4); // 7.5 bytes = 15 hex digits
    }

    /** A tenant with its bucket; sorts by bucket, then id. */
    record Ranked(Tenant tenant, long bucket) {
        static final Comparator<Ranked> ORDER = (a, b) -> a.bucket != b.bucket ? Long.compare(a.bucket, b.bucket)
                : a.tenant.id().compareTo(b.tenant.id());
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
