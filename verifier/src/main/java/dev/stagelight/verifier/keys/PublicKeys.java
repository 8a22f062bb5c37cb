package dev.stagelight.verifier.keys;

import dev.stagelight.verifier.merkle.MerkleHash;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/**
 * Public keys as PEM {@code PUBLIC KEY} blocks (X.509 SubjectPublicKeyInfo): ECDSA P-256 and Ed25519 only.
 *
 * <p>Key id: the lowercase hex SHA-256 of the key's SPKI DER encoding (64 hex digits). It names a key in index
 * entries ({@code signature.keyid}) and DSSE signatures, is the same whichever PEM line breaks were used, and can be
 * recomputed with {@code openssl pkey -pubin -outform DER | sha256sum}.
 */
public final class PublicKeys {
    private PublicKeys() {}

    /** Parses one {@code PUBLIC KEY} PEM block; {@code source} (file or credential name) is named in errors. */
    public static PublicKey parsePem(String pem, String source) throws KeyException {
        Pem.Block block = Pem.parseOne(pem, source, "PUBLIC KEY");
        return parseSpki(block.der(), source);
    }

    /** Parses an SPKI DER public key and checks that it is ECDSA P-256 or Ed25519. */
    public static PublicKey parseSpki(byte[] der, String source) throws KeyException {
        if (der == null || der.length == 0) {
            throw new KeyException(source + ": empty public key");
        }
        Spki spki;
        try {
            spki = Spki.parse(der);
        } catch (IllegalArgumentException e) {
            throw new KeyException(source + ": not a DER SubjectPublicKeyInfo: " + e.getMessage());
        }
        String jca;
        if (Spki.EC_PUBLIC_KEY.equals(spki.algorithm())) {
            if (!Spki.SECP256R1.equals(spki.parameters())) {
                throw new KeyException(source + ": EC public key is not on curve P-256 (secp256r1); parameters "
                        + (spki.parameters().isEmpty() ? "absent" : spki.parameters()));
            }
            jca = "EC";
        } else if (Spki.ED25519.equals(spki.algorithm())) {
            if (!spki.parameters().isEmpty()) {
                throw new KeyException(source + ": Ed25519 public key with algorithm parameters " + spki.parameters()
                        + " (RFC 8410: parameters must be absent)");
            }
            jca = "Ed25519";
        } else {
            throw new KeyException(source + ": unsupported public key algorithm " + spki.algorithm()
                    + " (expected ECDSA P-256 or Ed25519)");
        }
        try {
            return KeyFactory.getInstance(jca).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new KeyException(source + ": invalid " + jca + " public key: " + e.getMessage(), e);
        }
    }

    /** The signature algorithm of a supported key. */
    public static KeyAlgorithm algorithm(PublicKey key) throws KeyException {
        if (key instanceof ECPublicKey ec) {
            if (ec.getParams().getCurve().getField().getFieldSize() != 256 || !"EC".equals(key.getAlgorithm())) {
                throw new KeyException("EC public key is not P-256");
            }
            return KeyAlgorithm.ECDSA_P256_SHA256;
        }
        if ("EdDSA".equals(key.getAlgorithm()) || "Ed25519".equals(key.getAlgorithm())) {
            return KeyAlgorithm.ED25519;
        }
        throw new KeyException("unsupported public key algorithm " + key.getAlgorithm() + " (expected ECDSA P-256 or Ed25519)");
    }

    /** Lowercase hex SHA-256 of the SPKI DER encoding (see the class comment). */
    public static String keyId(PublicKey key) {
        return HexFormat.of().formatHex(MerkleHash.sha256().digest(key.getEncoded()));
    }

    /** The key as a {@code PUBLIC KEY} PEM block. */
    public static String toPem(PublicKey key) {
        return Pem.encode("PUBLIC KEY", key.getEncoded());
    }
}
