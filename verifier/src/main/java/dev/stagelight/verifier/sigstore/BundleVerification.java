package dev.stagelight.verifier.sigstore;

import dev.stagelight.verifier.dsse.Envelope;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a verified Sigstore bundle proves: which transparency log entry holds the signature and who signed.
 *
 * @param logIndex       the entry's index: the global Rekor v1 log index (what {@code rekor-cli get --log-index} takes),
 *                       or for Rekor v2 the index in its log
 * @param uuid           the entry's leaf hash, 64 lowercase hex digits: SHA-256(0x00 || canonicalized body). Rekor v1
 *                       accepts it as the entry UUID; Rekor v2 has no UUIDs and this is its equivalent
 * @param entryId        Rekor v1's 80-hex-digit entry ID (tree ID + UUID) when the checkpoint names the tree; empty otherwise
 * @param logId          hex SHA-256 of the log's public key, as in the trusted root
 * @param rekorV2        true for a Rekor v2 (tile-based) entry
 * @param integratedTime when Rekor v1 integrated the entry; Rekor v2 entries have none (time comes from a TSA)
 * @param signer         the certificate's identity (subject alternative name) or {@code public key <keyid>}
 * @param envelope       the DSSE envelope, for DSSE bundles
 */
public record BundleVerification(long logIndex, String uuid, Optional<String> entryId, String logId, boolean rekorV2,
        Optional<Instant> integratedTime, String signer, Optional<Envelope> envelope) {
    public BundleVerification {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(logId, "logId");
        Objects.requireNonNull(integratedTime, "integratedTime");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(envelope, "envelope");
    }
}
