package dev.stagelight.verifier.check;

import dev.stagelight.verifier.dsse.Envelope;
import dev.stagelight.verifier.keys.Ed25519Batch;
import dev.stagelight.verifier.keys.KeyException;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.keys.SignatureVerifier;
import java.security.PublicKey;
import java.security.interfaces.EdECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * DSSE verification for the bulk path: the rules of {@link dev.stagelight.verifier.dsse.DsseVerifier} (a signature
 * whose keyid names a trusted key must verify with it; one without a known keyid is tried against every trusted key;
 * at least one trusted signature must verify), with each key prepared once. Ed25519 goes through BouncyCastle's
 * RFC 8032 code with the decoded public point kept, about seven times faster than JDK 17's Ed25519, which decides
 * the speed of verifying a million-entry index. Other keys, and every key of a {@link #forOneCheck} set, use
 * {@link SignatureVerifier}: for one signature (the {@code bundle} command) the JDK's Ed25519 starts faster than
 * BouncyCastle's, whose first use builds precomputed tables (and loading it costs more than the check).
 */
final class TrustedSigners {
    private record Signer(String keyId, PublicKey key, Ed25519.PublicPoint ed25519, byte[] ed25519Bytes) {}

    private final List<Signer> signers;

    TrustedSigners(List<PublicKey> keys) {
        this(keys, true);
    }

    private TrustedSigners(List<PublicKey> keys, boolean bulk) {
        List<Signer> prepared = new ArrayList<>(keys.size());
        for (PublicKey k : keys) {
            prepared.add(prepare(k, bulk));
        }
        this.signers = List.copyOf(prepared);
    }

    /** Signers for checking one or two signatures: nothing is prepared for bulk verification. */
    static TrustedSigners forOneCheck(List<PublicKey> keys) {
        return new TrustedSigners(keys, false);
    }

    private static Signer prepare(PublicKey key, boolean bulk) {
        Ed25519.PublicPoint point = null;
        byte[] raw = null;
        if (bulk && key instanceof EdECPublicKey) {
            byte[] spki = key.getEncoded();
            raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
            point = Ed25519.validatePublicKeyPartialExport(raw, 0);
        }
        return new Signer(PublicKeys.keyId(key), key, point, point == null ? null : raw);
    }

    boolean isEmpty() {
        return signers.isEmpty();
    }

    /**
     * @return the key id of a trusted key that signed the envelope
     * @throws CheckFailure when a trusted key's signature is bad or no trusted key signed
     */
    String verify(Envelope envelope, String source) throws CheckFailure {
        byte[] pae = envelope.pae();
        String verified = null;
        List<Envelope.Signature> sigs = envelope.signatures();
        for (int i = 0; i < sigs.size(); i++) {
            Envelope.Signature sig = sigs.get(i);
            Signer named = named(sig.keyid());
            if (named != null) {
                if (!verifies(named, pae, sig.sig(), source)) {
                    throw new CheckFailure("manifest-signature", source + ": /signatures/" + i
                            + ": bad signature from trusted key " + sig.keyid());
                }
                verified = verified == null ? named.keyId() : verified;
                continue;
            }
            for (Signer s : signers) {
                if (verifies(s, pae, sig.sig(), source)) {
                    verified = verified == null ? s.keyId() : verified;
                    break;
                }
            }
        }
        if (verified == null) {
            throw new CheckFailure("manifest-signature", source + ": no signature verifies with a trusted key ("
                    + sigs.size() + " signature(s), " + signers.size() + " trusted key(s))");
        }
        return verified;
    }

    // Loops, not streams: these run once per signature of a full audit, where each stream pipeline is garbage and a
    // type check the JIT keeps recompiling for.
    /** The trusted signer with this keyid; null for an empty keyid or one no trusted key has. */
    private Signer named(String keyid) {
        if (keyid.isEmpty()) {
            return null;
        }
        for (Signer s : signers) {
            if (s.keyId().equals(keyid)) {
                return s;
            }
        }
        return null;
    }

    private static String[] keyIds(Signer[] named) {
        String[] ids = new String[named.length];
        for (int i = 0; i < named.length; i++) {
            ids[i] = named[i].keyId();
        }
        return ids;
    }

    /**
     * Queues the envelope's signatures on {@code batch} when each names a trusted Ed25519 key by its keyid (then,
     * under the rules above, each must verify and the first names the signer); {@link #verify} decides otherwise.
     *
     * @return the envelope's signatures in the batch, to pass to {@link #checkQueued}; null when not queued
     */
    Queued queue(Envelope envelope, Ed25519Batch batch) {
        List<Envelope.Signature> sigs = envelope.signatures();
        if (sigs.isEmpty()) {
            return null;
        }
        Signer[] named = new Signer[sigs.size()];
        for (int i = 0; i < sigs.size(); i++) {
            Envelope.Signature sig = sigs.get(i);
            named[i] = named(sig.keyid());
            if (named[i] == null || named[i].ed25519() == null) {
                return null;
            }
        }
        byte[] pae = envelope.pae();
        int[] positions = new int[sigs.size()];
        for (int i = 0; i < sigs.size(); i++) {
            positions[i] = batch.add(named[i].ed25519Bytes(), pae, sigs.get(i).sig());
        }
        return new Queued(named[0].keyId(), positions, keyIds(named));
    }

    /** An envelope's signatures queued on a batch: who signed if all hold, where each sits in the batch. */
    record Queued(String signerKeyId, int[] positions, String[] keyIds) {}

    /**
     * The outcome of {@link #verify} for a queued envelope, from the batch's verdicts.
     *
     * @return the key id that verified
     * @throws CheckFailure naming the first bad signature, as {@link #verify} would
     */
    static String checkQueued(Queued q, boolean[] valid, String source) throws CheckFailure {
        for (int i = 0; i < q.positions().length; i++) {
            if (!valid[q.positions()[i]]) {
                throw new CheckFailure("manifest-signature", source + ": /signatures/" + i
                        + ": bad signature from trusted key " + q.keyIds()[i]);
            }
        }
        return q.signerKeyId();
    }

    private static boolean verifies(Signer s, byte[] data, byte[] sig, String source) throws CheckFailure {
        if (s.ed25519() != null) {
            return sig.length == Ed25519.SIGNATURE_SIZE && Ed25519.verify(sig, 0, s.ed25519(), data, 0, data.length);
        }
        try {
            return SignatureVerifier.verify(s.key(), data, sig);
        } catch (KeyException e) {
            throw new CheckFailure("manifest-signature", source + ": " + e.getMessage());
        }
    }
}
