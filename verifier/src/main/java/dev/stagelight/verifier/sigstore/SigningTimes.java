package dev.stagelight.verifier.sigstore;

import dev.sigstore.timestamp.client.ImmutableTimestampResponse;
import dev.sigstore.timestamp.client.TimestampVerifier;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When the bundle was signed, as far as something we trust vouches for it, and the checks that hang on that time
 * (our own; sigstore-java 2.0.0 does not judge the log's integrated time against the certificate, nor refuse one in
 * the future):
 * <ul>
 *   <li>the verified times: Rekor v1's integrated time when its signed entry timestamp vouches for it, and the time of
 *       every RFC 3161 timestamp in the bundle, each verified with sigstore-java's {@link TimestampVerifier} against
 *       the trusted root's TSAs (chain, signature over the bundle's signature, TSA validity window);</li>
 *   <li>at least one verified time is required (Rekor v2 entries have no integrated time: a timestamp must vouch);</li>
 *   <li>a claimed integrated time later than now (one minute allowed for clock skew) is refused;</li>
 *   <li>every verified time lies within the signing certificate's validity and within the log key's window in the
 *       trusted root (closed intervals).</li>
 * </ul>
 */
final class SigningTimes {
    static final Duration SKEW = Duration.ofMinutes(1);

    private SigningTimes() {}

    static List<Instant> check(BundleJson b, byte[] signature, SigstoreTrustedRoot root, TrustedRootRules rules,
            Optional<X509Certificate> leaf, Instant now) throws SigstoreException {
        String t = BundleJson.TLOG;
        List<Instant> times = new ArrayList<>();
        long integrated = b.optionalInt64(t + "/integratedTime");
        if (integrated > 0) {
            Instant claimed = Instant.ofEpochSecond(integrated);
            if (claimed.isAfter(now.plus(SKEW))) {
                throw new SigstoreException(b.source + ": " + t + "/integratedTime: " + claimed + " lies in the future (now "
                        + now + "); the log cannot have integrated the entry yet");
            }
            if (b.root.at(t + "/inclusionPromise/signedEntryTimestamp").isTextual()) {
                times.add(claimed);
            }
        }
        times.addAll(timestamps(b, signature, root));
        if (times.isEmpty()) {
            throw noTime(b);
        }
        TrustedRootRules.Window log = rules.tlogs.get(logId(b));
        for (Instant time : times) {
            if (leaf.isPresent()) {
                X509Certificate c = leaf.get();
                if (time.isBefore(c.getNotBefore().toInstant()) || time.isAfter(c.getNotAfter().toInstant())) {
                    throw new SigstoreException(b.source + ": signed at " + time + ", outside the signing certificate's"
                            + " validity [" + c.getNotBefore().toInstant() + ", " + c.getNotAfter().toInstant() + "]");
                }
            }
            if (log != null && !log.contains(time)) {
                throw new SigstoreException(b.source + ": signed at " + time + ", outside the validity " + log
                        + " of the transparency log key " + logId(b) + " in the trusted root");
            }
        }
        return times;
    }

    /**
     * Refuses, before any verification, a bundle that carries nothing to time its signature with (sigstore-java's
     * bundle reader would call it "not a valid Sigstore bundle", which hides what is missing).
     */
    static void requireATimeSource(BundleJson b) throws SigstoreException {
        String t = BundleJson.TLOG;
        if (!b.root.at(t).isObject()) {
            return; // no log entry at all: the bundle reader says so
        }
        boolean promise = b.optionalInt64(t + "/integratedTime") > 0 && b.root.at(t + "/inclusionPromise/signedEntryTimestamp").isTextual();
        if (!promise && b.root.at("/verificationMaterial/timestampVerificationData/rfc3161Timestamps").size() == 0) {
            throw noTime(b);
        }
    }

    private static SigstoreException noTime(BundleJson b) throws SigstoreException {
        return new SigstoreException(b.source + ": no verified signing time: the bundle has neither a signed entry"
                + " timestamp with an integrated time nor an RFC 3161 timestamp"
                + (b.root.at(BundleJson.TLOG + "/kindVersion").isObject() && b.rekorV2() ? " (Rekor v2 entries need a timestamp)" : ""));
    }

    private static String logId(BundleJson b) throws SigstoreException {
        return java.util.HexFormat.of().formatHex(b.base64(BundleJson.TLOG + "/logId/keyId"));
    }

    /** Each RFC 3161 timestamp over the signature, verified; its generation time. */
    private static List<Instant> timestamps(BundleJson b, byte[] signature, SigstoreTrustedRoot root) throws SigstoreException {
        String list = "/verificationMaterial/timestampVerificationData/rfc3161Timestamps";
        int n = b.root.at(list).size();
        List<Instant> out = new ArrayList<>();
        if (n == 0) {
            return out;
        }
        TimestampVerifier verifier;
        try {
            verifier = TimestampVerifier.newTimestampVerifier(root);
        } catch (Exception e) {
            throw new SigstoreException(b.source + ": the trusted root's timestamp authorities are unusable: "
                    + SigstoreBundleVerifier.message(e), e);
        }
        for (int i = 0; i < n; i++) {
            String at = list + "/" + i + "/signedTimestamp";
            ImmutableTimestampResponse response = ImmutableTimestampResponse.builder().encoded(b.base64(at)).build();
            try {
                verifier.verify(response, signature);
                out.add(response.getGenTime().toInstant());
            } catch (Exception e) {
                throw new SigstoreException(b.source + ": " + at + ": RFC 3161 timestamp does not verify: "
                        + SigstoreBundleVerifier.message(e), e);
            }
        }
        return out;
    }
}
