package dev.stagelight.verifier.check;

import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.sigstore.BundleVerification;
import dev.stagelight.verifier.sigstore.SigstoreBundleVerifier;
import dev.stagelight.verifier.sigstore.SigstoreException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Offline verification of a manifest's Sigstore bundle against the trusted root given by the user: the bundle's
 * DSSE payload is exactly the manifest, sigstore-java (or, for public-key bundles, the trusted signer keys)
 * verifies the signature, the Rekor entry, its inclusion proof and signed checkpoint, and the Rekor entry is the
 * one the index entry records ({@code rekor.log_index}, {@code rekor.uuid}).
 */
final class SigstoreCheck {
    private final Trust trust;
    private SigstoreBundleVerifier verifier;

    SigstoreCheck(Trust trust) {
        this.trust = trust;
    }

    /**
     * @return the Rekor log index of the verified bundle
     */
    long check(Entry entry, byte[] manifest, byte[] bundle, String bundleSource, String entrySource)
            throws CheckFailure {
        byte[] payload = statementOf(bundle, bundleSource);
        if (!Arrays.equals(payload, manifest)) {
            throw new CheckFailure("manifest-signature", bundleSource + ": /dsseEnvelope/payload: differs from the"
                    + " manifest (SHA-256 " + ManifestSignatures.sha256Hex(payload) + ", expected "
                    + entry.manifestSha256() + ")");
        }
        BundleVerification verified;
        try {
            verified = verifier(bundleSource).verifyDsse(bundle, bundleSource);
        } catch (SigstoreException e) {
            throw new CheckFailure("manifest-signature", e.getMessage());
        }
        if (entry.rekor() == null) {
            throw new CheckFailure("entry-rekor", entrySource + ": /rekor: missing, but " + bundleSource
                    + " is Rekor entry " + verified.logIndex());
        }
        if (entry.rekor().logIndex() != verified.logIndex()) {
            throw new CheckFailure("entry-rekor", entrySource + ": /rekor/log_index: " + entry.rekor().logIndex()
                    + ", but " + bundleSource + " is Rekor entry " + verified.logIndex());
        }
        String uuid = entry.rekor().uuid();
        boolean uuidMatches = uuid.equals(verified.uuid()) || verified.entryId().map(uuid::equals).orElse(false)
                || (uuid.length() == 80 && uuid.endsWith(verified.uuid()));
        if (!uuidMatches) {
            throw new CheckFailure("entry-rekor", entrySource + ": /rekor/uuid: " + uuid + ", but " + bundleSource
                    + " has Rekor entry uuid " + verified.uuid());
        }
        return verified.logIndex();
    }

    /** The in-toto Statement bytes a DSSE Sigstore bundle signs (not verified yet). */
    static byte[] statementOf(byte[] bundle, String source) throws CheckFailure {
        try {
            return SigstoreBundleVerifier.readEnvelope(bundle, source).payload();
        } catch (SigstoreException e) {
            throw new CheckFailure("manifest-signature", e.getMessage());
        }
    }

    /** Loaded once, on first use: an index without Sigstore bundles needs no trusted root. */
    private synchronized SigstoreBundleVerifier verifier(String bundleSource) throws CheckFailure {
        if (verifier == null) {
            Path root = trust.trustedRoot().orElseThrow(() -> new CheckFailure("manifest-signature", bundleSource
                    + ": no Sigstore trusted root given (--trusted-root); the bundle cannot be verified offline"));
            try {
                SigstoreBundleVerifier v = SigstoreBundleVerifier.fromTrustedRoot(root).withPublicKeys(trust.signerKeys());
                for (CertificateIdentity id : trust.identities()) {
                    v = id.pattern() ? v.withIdentityMatching(id.subject(), id.issuer()) : v.withIdentity(id.subject(), id.issuer());
                }
                verifier = v;
            } catch (SigstoreException e) {
                throw new CheckFailure("manifest-signature", "--trusted-root " + e.getMessage());
            }
        }
        return verifier;
    }
}
