package dev.stagelight.verifier.sigstore;

import dev.sigstore.rekor.client.ImmutableInclusionProof;
import dev.sigstore.rekor.client.ImmutableRekorEntry;
import dev.sigstore.rekor.client.ImmutableVerification;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorVerificationException;
import dev.sigstore.rekor.client.RekorVerifier;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.stagelight.verifier.dsse.DsseException;
import dev.stagelight.verifier.dsse.DsseVerifier;
import dev.stagelight.verifier.dsse.Envelope;
import dev.stagelight.verifier.dsse.Statement;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.merkle.MerkleHash;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Our own verification path, for the bundles sigstore-java 2.0.0 refuses or misreads:
 * <ul>
 *   <li>bundles signed by a plain public key ({@code verificationMaterial.publicKey}: "Plain public keys are not
 *       supported"), checked with the configured keys;</li>
 *   <li>DSSE bundles whose log entry is not a {@code dsse} entry: {@code intoto} v0.0.2 (Rekor v1), and Rekor v2's
 *       {@code hashedrekord} v0.0.2 over the DSSE pre-authentication encoding, which sigstore-java rejects
 *       ("Expecting type dsse"). Their certificate has been chained to the trusted root's Fulcio, SCT included, by
 *       sigstore-java's {@code FulcioVerifier} before it gets here.</li>
 * </ul>
 * Offline, in this order:
 * <ol>
 *   <li>the log entry: the log is one of the trusted root's, the signed entry timestamp (Rekor v1, when present), the
 *       inclusion proof from the entry's leaf to the root hash, and the checkpoint that root hash comes from, signed by
 *       the log's key; Rekor v2 entries with sigstore-java's {@link RekorVerifier}, Rekor v1 entries with our own
 *       {@link RekorV1Entry} (sigstore-java misses checkpoints signed as {@code host:port});</li>
 *   <li>the signature (message signature over the artifact digest, or DSSE over the PAE) with the signer's key;</li>
 *   <li>that the entry body commits to exactly this digest, this signature and this key;</li>
 *   <li>the signing times ({@link SigningTimes}): RFC 3161 timestamps, integrated time not in the future, within the
 *       certificate's and the log key's validity.</li>
 * </ol>
 * A public key carries no identity and no validity window: only the log key's window and the timestamps bound it.
 */
final class OwnPath {
    private OwnPath() {}

    /**
     * @param keys the keys that may have signed: the configured public keys, or the certificate's key
     * @param leaf the signing certificate, already verified against the trusted root, or empty for public-key bundles
     */
    static BundleVerification verify(BundleJson b, byte[] artifactDigest, SigstoreTrustedRoot root, TrustedRootRules rules,
            List<PublicKey> keys, Optional<X509Certificate> leaf, String signerName, Instant now) throws SigstoreException {
        String source = b.source;
        if (b.rekorV2()) {
            try {
                RekorVerifier.newRekorVerifier(root).verifyEntry(rekorEntry(b));
            } catch (RekorVerificationException | RuntimeException e) {
                throw new SigstoreException(source + ": transparency log entry does not verify: " + SigstoreBundleVerifier.message(e), e);
            }
        } else {
            RekorV1Entry.verify(b, rules);
        }
        RekorBody body = RekorBody.parse(b.canonicalizedBody(), source);
        byte[] sig;
        PublicKey signer;
        Optional<Envelope> envelope = Optional.empty();
        if (b.isDsse()) {
            Envelope env = b.envelope();
            try {
                List<DsseVerifier.Verified> ok = DsseVerifier.verify(env, keys);
                signer = ok.get(0).key();
                Statement st = Statement.fromEnvelope(env, source);
                String hex = HexFormat.of().formatHex(artifactDigest);
                if (st.subject().stream().noneMatch(s -> s.sha256().equals(hex))) {
                    throw new SigstoreException(source + ": /dsseEnvelope: no subject of the statement has sha256 " + hex);
                }
            } catch (DsseException e) {
                throw new SigstoreException(source + ": " + e.getMessage(), e);
            }
            sig = signatureBy(env, signer);
            // Rekor v2 logs a DSSE signature as a hashedrekord over the PAE; dsse and intoto entries hash the payload.
            boolean overPae = body.kind().equals("hashedrekord");
            byte[] expected = MerkleHash.sha256().digest(overPae ? env.pae() : env.payload());
            if (!Arrays.equals(body.digest(), expected)) {
                throw new SigstoreException(source + ": the log entry records a different DSSE " + (overPae ? "PAE" : "payload")
                        + " digest than the bundle's envelope");
            }
            envelope = Optional.of(env);
        } else {
            sig = b.base64("/messageSignature/signature");
            if (b.root.at("/messageSignature/messageDigest/digest").isTextual()
                    && !MessageDigest.isEqual(b.base64("/messageSignature/messageDigest/digest"), artifactDigest)) {
                throw new SigstoreException(source + ": /messageSignature/messageDigest/digest: does not match the artifact's SHA-256");
            }
            signer = keyThatSigned(keys, artifactDigest, sig, source);
            if (!body.kind().equals("hashedrekord")) {
                throw new SigstoreException(source + ": a message-signature bundle needs a hashedrekord log entry, not " + body.kind());
            }
            if (!Arrays.equals(body.digest(), artifactDigest)) {
                throw new SigstoreException(source + ": the log entry records a different artifact digest");
            }
        }
        requireRecorded(body, sig, signer, source);
        SigningTimes.check(b, sig, root, rules, leaf, now);
        return b.describe(signerName == null ? "public key " + PublicKeys.keyId(signer) : signerName, envelope);
    }

    /** The log entry must hold this very signature, made by this very key. */
    private static void requireRecorded(RekorBody body, byte[] sig, PublicKey signer, String source) throws SigstoreException {
        for (RekorBody.Signed s : body.signatures()) {
            if (Arrays.equals(s.signature(), sig)) {
                if (!Arrays.equals(s.key().getEncoded(), signer.getEncoded())) {
                    throw new SigstoreException(source + ": the log entry records the signature with another key ("
                            + PublicKeys.keyId(s.key()) + ") than the one that verifies it (" + PublicKeys.keyId(signer) + ")");
                }
                return;
            }
        }
        throw new SigstoreException(source + ": the log entry does not record the bundle's signature");
    }

    private static byte[] signatureBy(Envelope env, PublicKey signer) throws SigstoreException {
        for (Envelope.Signature s : env.signatures()) {
            try {
                if (dev.stagelight.verifier.keys.SignatureVerifier.verify(signer, env.pae(), s.sig())) {
                    return s.sig();
                }
            } catch (dev.stagelight.verifier.keys.KeyException e) {
                throw new SigstoreException(e.getMessage(), e);
            }
        }
        throw new IllegalStateException("DsseVerifier accepted a key that signed nothing");
    }

    /** hashedrekord signs the artifact; with only its digest we verify ECDSA over the digest (pre-hashed). */
    private static PublicKey keyThatSigned(List<PublicKey> keys, byte[] digest, byte[] sig, String source) throws SigstoreException {
        List<String> skipped = new ArrayList<>();
        for (PublicKey k : keys) {
            if (!"EC".equals(k.getAlgorithm())) {
                skipped.add(PublicKeys.keyId(k));
                continue;
            }
            try {
                Signature v = Signature.getInstance("NONEwithECDSA");
                v.initVerify(k);
                v.update(digest);
                if (v.verify(sig)) {
                    return k;
                }
            } catch (java.security.SignatureException malformed) {
                // Not this key's signature.
            } catch (GeneralSecurityException e) {
                throw new SigstoreException(source + ": cannot verify with key " + PublicKeys.keyId(k) + ": " + e.getMessage(), e);
            }
        }
        throw new SigstoreException(source + ": /messageSignature/signature: does not verify with any configured public key"
                + (skipped.isEmpty() ? "" : " (Ed25519 keys " + skipped + " cannot verify a message signature from the digest alone)"));
    }

    /** The bundle's log entry in sigstore-java's form, built the way its own bundle reader builds it. */
    private static RekorEntry rekorEntry(BundleJson b) throws SigstoreException {
        String t = BundleJson.TLOG;
        if (b.root.at(t + "/inclusionProof").isMissingNode()) {
            throw new SigstoreException(b.source + ": " + t + "/inclusionProof: missing (offline verification needs the inclusion proof)");
        }
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < b.node(t + "/inclusionProof/hashes").size(); i++) {
            hashes.add(HexFormat.of().formatHex(b.base64(t + "/inclusionProof/hashes/" + i)));
        }
        ImmutableInclusionProof proof = ImmutableInclusionProof.builder()
                .logIndex(b.int64(t + "/inclusionProof/logIndex"))
                .rootHash(HexFormat.of().formatHex(b.base64(t + "/inclusionProof/rootHash")))
                .treeSize(b.int64(t + "/inclusionProof/treeSize"))
                .checkpoint(b.text(t + "/inclusionProof/checkpoint/envelope"))
                .addAllHashes(hashes)
                .build();
        ImmutableVerification.Builder verification = ImmutableVerification.builder().inclusionProof(proof);
        if (b.root.at(t + "/inclusionPromise/signedEntryTimestamp").isTextual()) {
            verification.signedEntryTimestamp(Base64.getEncoder().encodeToString(b.base64(t + "/inclusionPromise/signedEntryTimestamp")));
        }
        return ImmutableRekorEntry.builder()
                .integratedTime(b.optionalInt64(t + "/integratedTime"))
                .logID(HexFormat.of().formatHex(b.base64(t + "/logId/keyId")))
                .logIndex(b.int64(t + "/logIndex"))
                .body(Base64.getEncoder().encodeToString(b.canonicalizedBody()))
                .verification(verification.build())
                .build();
    }
}
