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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Bundles signed by a plain public key ({@code verificationMaterial.publicKey}), which sigstore-java 2.0.0 refuses.
 * We verify, offline:
 * <ol>
 *   <li>the Rekor entry with sigstore-java's {@link RekorVerifier}: the log is one of the trusted root's, the signed
 *       entry timestamp (Rekor v1, when present), the inclusion proof from the entry's leaf to the root hash, and the
 *       checkpoint that root hash comes from, signed by the log's key;</li>
 *   <li>the signature (message signature over the artifact digest, or DSSE over the PAE) with a configured key;</li>
 *   <li>that the entry body commits to exactly this digest, this signature and this key.</li>
 * </ol>
 * What cannot be checked: no certificate means no identity and no validity window; the signing time is only what
 * Rekor v1 integrated (or nothing, for Rekor v2 without a trusted timestamp, which we do not verify here).
 */
final class PublicKeyBundles {
    private PublicKeyBundles() {}

    static BundleVerification verify(BundleJson b, byte[] artifactDigest, SigstoreTrustedRoot root, List<PublicKey> keys)
            throws SigstoreException {
        String source = b.source;
        try {
            RekorVerifier.newRekorVerifier(root).verifyEntry(rekorEntry(b));
        } catch (RekorVerificationException | RuntimeException e) {
            throw new SigstoreException(source + ": transparency log entry does not verify: " + SigstoreBundleVerifier.message(e), e);
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
            if (!Arrays.equals(body.digest(), MerkleHash.sha256().digest(env.payload()))) {
                throw new SigstoreException(source + ": the log entry records a different DSSE payload digest than the bundle's envelope");
            }
            envelope = Optional.of(env);
        } else {
            sig = b.base64("/messageSignature/signature");
            if (b.root.at("/messageSignature/messageDigest/digest").isTextual()
                    && !MessageDigest.isEqual(b.base64("/messageSignature/messageDigest/digest"), artifactDigest)) {
                throw new SigstoreException(source + ": /messageSignature/messageDigest/digest: does not match the artifact's SHA-256");
            }
            signer = keyThatSigned(keys, artifactDigest, sig, source);
            if (!Arrays.equals(body.digest(), artifactDigest)) {
                throw new SigstoreException(source + ": the log entry records a different artifact digest");
            }
        }
        requireRecorded(body, sig, signer, source);
        return b.describe("public key " + PublicKeys.keyId(signer), envelope);
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
