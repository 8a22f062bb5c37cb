package dev.stagelight.verifier.dsse;

import dev.stagelight.verifier.keys.KeyException;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.keys.SignatureVerifier;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Verifies DSSE envelopes against trusted public keys. A signature whose keyid names a trusted key must verify with
 * it (a bad one is tampering and fails everything); a signature without a matching keyid is tried against every
 * trusted key; signatures by keys we do not trust are ignored. At least one trusted signature must verify.
 */
public final class DsseVerifier {
    /**
     * A signature that verified.
     *
     * @param keyId the key id of the key that verified it ({@link PublicKeys#keyId})
     * @param key   that key
     */
    public record Verified(String keyId, PublicKey key) {}

    private DsseVerifier() {}

    public static List<Verified> verify(Envelope envelope, Collection<PublicKey> trusted) throws DsseException {
        byte[] pae = envelope.pae();
        List<Verified> verified = new ArrayList<>();
        List<Envelope.Signature> sigs = envelope.signatures();
        for (int i = 0; i < sigs.size(); i++) {
            Envelope.Signature sig = sigs.get(i);
            PublicKey named = byKeyId(trusted, sig.keyid());
            try {
                if (named != null) {
                    if (!SignatureVerifier.verify(named, pae, sig.sig())) {
                        throw new DsseException("DSSE envelope: /signatures/" + i + ": bad signature from trusted key " + sig.keyid());
                    }
                    add(verified, named);
                    continue;
                }
                for (PublicKey k : trusted) {
                    if (SignatureVerifier.verify(k, pae, sig.sig())) {
                        add(verified, k);
                        break;
                    }
                }
            } catch (KeyException e) {
                throw new DsseException("DSSE envelope: /signatures/" + i + ": " + e.getMessage(), e);
            }
        }
        if (verified.isEmpty()) {
            throw new DsseException("DSSE envelope: no signature verifies with a trusted key ("
                    + sigs.size() + " signature(s), " + trusted.size() + " trusted key(s))");
        }
        return verified;
    }

    private static PublicKey byKeyId(Collection<PublicKey> trusted, String keyid) {
        if (keyid.isEmpty()) {
            return null;
        }
        return trusted.stream().filter(k -> PublicKeys.keyId(k).equals(keyid)).findFirst().orElse(null);
    }

    private static void add(List<Verified> verified, PublicKey k) {
        String id = PublicKeys.keyId(k);
        if (verified.stream().noneMatch(v -> v.keyId().equals(id))) {
            verified.add(new Verified(id, k));
        }
    }
}
