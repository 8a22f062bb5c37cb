package dev.stagelight.verifier.keys;

/**
 * The signature algorithms the index accepts, with the names written in an entry's {@code signature.alg}.
 * ECDSA signatures are ASN.1 DER (as Sigstore and the JDK produce them); Ed25519 signatures are the raw 64 bytes.
 */
public enum KeyAlgorithm {
    ECDSA_P256_SHA256("ecdsa-p256-sha256", "SHA256withECDSA"),
    ED25519("ed25519", "Ed25519");

    private final String id;
    private final String jcaSignature;

    KeyAlgorithm(String id, String jcaSignature) {
        this.id = id;
        this.jcaSignature = jcaSignature;
    }

    /** The name used in index entries and reports. */
    public String id() {
        return id;
    }

    /** The JCA {@link java.security.Signature} algorithm. */
    public String jcaSignature() {
        return jcaSignature;
    }

    public static KeyAlgorithm fromId(String id) throws KeyException {
        for (KeyAlgorithm a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new KeyException("unknown signature algorithm \"" + id + "\" (expected ecdsa-p256-sha256 or ed25519)");
    }
}
