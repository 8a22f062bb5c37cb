package dev.stagelight.publisher.keys;

import dev.stagelight.verifier.keys.KeyAlgorithm;
import dev.stagelight.verifier.keys.KeyException;
import java.security.PublicKey;

/** A private key that signs: its algorithm, the key id verifiers look it up by, and its public half. */
public interface Signer {
    KeyAlgorithm algorithm();

    /** {@link dev.stagelight.verifier.keys.PublicKeys#keyId} of {@link #publicKey()}. */
    String keyId();

    PublicKey publicKey();

    /** Signs {@code data}: DER ECDSA-SHA256 for P-256, raw 64 bytes for Ed25519. */
    byte[] sign(byte[] data) throws KeyException;
}
