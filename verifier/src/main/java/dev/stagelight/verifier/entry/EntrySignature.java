package dev.stagelight.verifier.entry;

/**
 * The signature over a manifest's DSSE envelope, as the entry records it.
 *
 * @param alg {@link #ED25519} or {@link #ECDSA_P256_SHA256}
 * @param keyid the key id of the DSSE signature (as in the envelope)
 * @param sig the DSSE signature, standard base64 (as in the envelope)
 */
public record EntrySignature(String alg, String keyid, String sig) {
    public static final String ED25519 = "ed25519";
    public static final String ECDSA_P256_SHA256 = "ecdsa-p256-sha256";
}
