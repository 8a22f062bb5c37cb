package dev.stagelight.verifier.keys;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/** Checks ECDSA P-256/SHA-256 (DER signatures) and Ed25519 signatures with the JDK providers. */
public final class SignatureVerifier {
    private SignatureVerifier() {}

    /**
     * True if {@code sig} is a valid signature of {@code data} by {@code key}. A malformed signature is simply
     * invalid; only an unsupported key type is an exception.
     */
    public static boolean verify(PublicKey key, byte[] data, byte[] sig) throws KeyException {
        KeyAlgorithm alg = PublicKeys.algorithm(key);
        try {
            Signature v = Signature.getInstance(alg.jcaSignature());
            v.initVerify(key);
            v.update(data);
            return v.verify(sig);
        } catch (java.security.SignatureException malformed) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new KeyException("cannot verify with " + alg.id() + " key " + PublicKeys.keyId(key) + ": " + e.getMessage(), e);
        }
    }
}
