package dev.stagelight.publisher.append;

import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.entry.EntryKind;
import dev.stagelight.verifier.entry.EntrySignature;
import dev.stagelight.verifier.entry.RekorRef;
import dev.stagelight.verifier.layout.IndexLayout;
import java.security.PublicKey;
import java.time.Instant;

/**
 * A manifest ready to append: the in-toto Statement bytes (published as {@code manifests/<sha256>.json}), the file
 * that signs it (DSSE envelope or Sigstore bundle, published beside it) and the entry fields taken from it.
 *
 * @param source where it came from, for messages
 * @param sha256 SHA-256 of {@code statement}, lowercase hex
 * @param statement the exact Statement bytes that were signed (the DSSE payload)
 * @param signatureFile the DSSE envelope ({@code signature != null}) or the Sigstore bundle ({@code signature == null})
 * @param signature the entry's signature field for a key-signed envelope, else null
 * @param rekor the Rekor entry of a Sigstore bundle, else null
 * @param signerKey the public key the DSSE envelope verified with (or was signed with) at ingest; null for Sigstore
 */
public record IngestedManifest(String source, String sha256, byte[] statement, byte[] signatureFile,
        EntrySignature signature, RekorRef rekor, String tenant, String region, EntryKind kind, PublicKey signerKey) {

    /** Where {@link #signatureFile} is published. */
    public String signaturePath() {
        return signature != null ? IndexLayout.dsseEnvelope(sha256) : IndexLayout.sigstoreBundle(sha256);
    }

    /** The entry for this manifest at {@code seq}. */
    public Entry toEntry(long seq, Instant ts, String prev) {
        return new Entry(seq, ts, tenant, region, kind, sha256, signature,
                signature == null ? IndexLayout.sigstoreBundle(sha256) : null, rekor, prev);
    }
}
