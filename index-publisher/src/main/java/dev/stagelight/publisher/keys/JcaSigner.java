package dev.stagelight.publisher.keys;

import dev.stagelight.verifier.keys.KeyAlgorithm;
import dev.stagelight.verifier.keys.KeyException;
import dev.stagelight.verifier.keys.PublicKeys;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;

/** A {@link Signer} over a JDK key pair. */
final class JcaSigner implements Signer {
    private final KeyAlgorithm algorithm;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    JcaSigner(PrivateKey privateKey, PublicKey publicKey) throws KeyException {
        this.algorithm = PublicKeys.algorithm(publicKey);
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.publicKey = publicKey;
        this.keyId = PublicKeys.keyId(publicKey);
    }

    @Override
    public KeyAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) throws KeyException {
        try {
            Signature s = Signature.getInstance(algorithm.jcaSignature());
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new KeyException("cannot sign with " + algorithm.id() + " key " + keyId + ": " + e.getMessage(), e);
        }
    }

    /** Never shows key material. */
    @Override
    public String toString() {
        return "Signer[" + algorithm.id() + " " + keyId + "]";
    }
}
