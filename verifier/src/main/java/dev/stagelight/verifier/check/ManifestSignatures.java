package dev.stagelight.verifier.check;

import dev.stagelight.verifier.dsse.DsseException;
import dev.stagelight.verifier.dsse.Envelope;
import dev.stagelight.verifier.dsse.Statement;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.entry.EntrySignature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The checks that bind an entry to its manifest and the manifest to its signer, shared by the {@code index} and
 * {@code bundle} commands: digest, Statement shape, DSSE signature by a trusted key, and the entry's copy of that
 * signature.
 */
final class ManifestSignatures {
    private ManifestSignatures() {}

    /** The manifest bytes hash to the digest the entry claims. */
    static void checkDigest(Entry entry, byte[] manifest, String manifestSource, String entrySource)
            throws CheckFailure {
        String actual = sha256Hex(manifest);
        if (!actual.equals(entry.manifestSha256())) {
            throw new CheckFailure("manifest-digest", manifestSource + ": SHA-256 is " + actual + ", but "
                    + entrySource + " /manifest_sha256 claims " + entry.manifestSha256());
        }
    }

    /** The manifest is an in-toto Statement v1. */
    static Statement checkStatement(byte[] manifest, String manifestSource) throws CheckFailure {
        try {
            return Statement.parse(manifest, manifestSource);
        } catch (DsseException e) {
            throw new CheckFailure("manifest-format", e.getMessage());
        }
    }

    /**
     * The envelope carries exactly the manifest bytes, is signed by a trusted key, and the entry's
     * {@code signature} is one of its signatures.
     *
     * @return the key id that verified
     */
    static String checkDsse(Entry entry, byte[] manifest, byte[] envelopeBytes, String envelopeSource,
            String entrySource, TrustedSigners signers) throws CheckFailure {
        Envelope envelope = checkEnvelope(entry, manifest, envelopeBytes, envelopeSource, signers);
        String keyId = signers.verify(envelope, envelopeSource);
        checkEntrySignature(entry, envelope, envelopeSource, entrySource);
        return keyId;
    }

    /**
     * The checks of {@link #checkDsse} before the signatures are verified: the envelope parses, is in-toto, carries
     * exactly the manifest, and there is a trusted key to verify it with.
     */
    static Envelope checkEnvelope(Entry entry, byte[] manifest, byte[] envelopeBytes, String envelopeSource,
            TrustedSigners signers) throws CheckFailure {
        Envelope envelope;
        try {
            envelope = Envelope.parse(envelopeBytes, envelopeSource);
        } catch (DsseException e) {
            throw new CheckFailure("manifest-signature", e.getMessage());
        }
        if (!Envelope.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
            throw new CheckFailure("manifest-signature", envelopeSource + ": /payloadType: expected \""
                    + Envelope.IN_TOTO_PAYLOAD_TYPE + "\", found \"" + envelope.payloadType() + "\"");
        }
        if (!Arrays.equals(envelope.payload(), manifest)) {
            throw new CheckFailure("manifest-signature", envelopeSource + ": /payload: differs from the manifest "
                    + "(SHA-256 " + sha256Hex(envelope.payload()) + ", expected " + entry.manifestSha256() + ")");
        }
        if (signers.isEmpty()) {
            throw new CheckFailure("manifest-signature", envelopeSource
                    + ": no trusted signer key given (--signer-key); the DSSE signature cannot be verified");
        }
        return envelope;
    }

    /** The check of {@link #checkDsse} after the signatures verified: the entry's signature is one of them. */
    static void checkEntrySignature(Entry entry, Envelope envelope, String envelopeSource, String entrySource)
            throws CheckFailure {
        EntrySignature claimed = entry.signature();
        if (claimed != null) {
            byte[] claimedSig = Base64.getDecoder().decode(claimed.sig());
            boolean listed = false;
            for (Envelope.Signature s : envelope.signatures()) { // a loop: once per entry of a full audit
                listed |= s.keyid().equals(claimed.keyid()) && Arrays.equals(s.sig(), claimedSig);
            }
            if (!listed) {
                throw new CheckFailure("entry-signature", entrySource + ": /signature: keyid \"" + claimed.keyid()
                        + "\" with this sig is not a signature of " + envelopeSource);
            }
        }
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(dev.stagelight.verifier.merkle.MerkleHash.sha256().digest(data));
    }
}
