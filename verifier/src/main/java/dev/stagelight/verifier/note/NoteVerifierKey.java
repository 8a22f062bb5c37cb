package dev.stagelight.verifier.note;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import dev.stagelight.verifier.merkle.MerkleHash;

/**
 * A key that verifies signed-note signatures: a name, a 32-bit key hash that picks it among keys of the same
 * name, and the public key.
 *
 * <p>Ed25519 keys (C2SP signed-note type 0x01) travel as verifier key strings {@code name+%08x+base64(0x01||pk)};
 * their key hash is the first 4 bytes of SHA-256(name || 0x0A || 0x01 || pk). Rekor's checkpoints are instead signed
 * with ECDSA P-256 and identified by the first 4 bytes of SHA-256 of the PKIX (SPKI DER) public key; {@link #ecdsa}
 * builds such a key so Rekor checkpoints can be checked offline with the same code.
 */
public final class NoteVerifierKey {
    static final byte ALG_ED25519 = 0x01;
    static final int ED25519_KEY_SIZE = 32;
    static final int ED25519_SIG_SIZE = 64;

    /** The signature schemes a note key may use. */
    public enum Type { ED25519, ECDSA_P256_SHA256 }

    private final String name;
    private final int keyHash;
    private final Type type;
    private final byte[] key;

    private NoteVerifierKey(String name, int keyHash, Type type, byte[] key) {
        this.name = name;
        this.keyHash = keyHash;
        this.type = type;
        this.key = key.clone();
    }

    /** Parses a verifier key string {@code name+hash+base64(0x01||pk)}; the hash must match the key. */
    public static NoteVerifierKey parse(String vkey) throws NoteException {
        Objects.requireNonNull(vkey, "vkey");
        String[] parts = vkey.split("\\+", 3);
        if (parts.length != 3) {
            throw new NoteException("verifier key: expected name+hash+key (3 fields separated by '+'), got " + parts.length + " fields");
        }
        String name = parts[0];
        if (!NoteText.isValidName(name)) {
            throw new NoteException("verifier key: invalid name \"" + name + "\" (non-empty, no spaces, no '+')");
        }
        int hash = parseHash(parts[1], "verifier key " + name);
        byte[] raw = NoteText.base64(parts[2], "verifier key " + name + ": key");
        if (raw.length != 1 + ED25519_KEY_SIZE || raw[0] != ALG_ED25519) {
            throw new NoteException("verifier key " + name + ": expected type 0x01 (Ed25519) followed by a 32-byte key, got "
                    + raw.length + " bytes" + (raw.length > 0 ? String.format(" of type 0x%02x", raw[0]) : ""));
        }
        NoteVerifierKey k = ed25519(name, Arrays.copyOfRange(raw, 1, raw.length));
        if (k.keyHash != hash) {
            throw new NoteException(String.format("verifier key %s: key hash %08x does not match the key (computed %08x)", name, hash, k.keyHash));
        }
        return k;
    }

    /** An Ed25519 note key from its 32-byte public key. */
    public static NoteVerifierKey ed25519(String name, byte[] publicKey) throws NoteException {
        if (!NoteText.isValidName(name)) {
            throw new NoteException("note key: invalid name \"" + name + "\" (non-empty, no spaces, no '+')");
        }
        if (publicKey.length != ED25519_KEY_SIZE) {
            throw new NoteException("note key " + name + ": Ed25519 public key must be 32 bytes, got " + publicKey.length);
        }
        MessageDigest d = MerkleHash.sha256();
        d.update(name.getBytes(StandardCharsets.UTF_8));
        d.update((byte) '\n');
        d.update(ALG_ED25519);
        d.update(publicKey);
        return new NoteVerifierKey(name, first4(d.digest()), Type.ED25519, publicKey);
    }

    /** A Rekor-style ECDSA P-256 note key; the key hash is derived from the SPKI DER encoding, as Rekor does. */
    public static NoteVerifierKey ecdsa(String name, PublicKey publicKey) throws NoteException {
        if (!NoteText.isValidName(name)) {
            throw new NoteException("note key: invalid name \"" + name + "\" (non-empty, no spaces, no '+')");
        }
        if (!"EC".equals(publicKey.getAlgorithm())) {
            throw new NoteException("note key " + name + ": expected an EC public key, got " + publicKey.getAlgorithm());
        }
        byte[] der = publicKey.getEncoded();
        return new NoteVerifierKey(name, first4(MerkleHash.sha256().digest(der)), Type.ECDSA_P256_SHA256, der);
    }

    public String name() {
        return name;
    }

    public int keyHash() {
        return keyHash;
    }

    public Type type() {
        return type;
    }

    /** The raw 32-byte key for Ed25519, the SPKI DER for ECDSA. */
    public byte[] publicKey() {
        return key.clone();
    }

    /** True if this key has the given name and key hash (how a signature line selects its key). */
    public boolean matches(String signerName, int signerKeyHash) {
        return name.equals(signerName) && keyHash == signerKeyHash;
    }

    /** Checks one signature (without its 4-byte key hash prefix) over the note text. */
    public boolean verify(byte[] text, byte[] signature) {
        switch (type) {
            case ED25519:
                if (signature.length != ED25519_SIG_SIZE) {
                    return false;
                }
                // The JDK's Ed25519: a run checks a handful of note signatures, and for so few it starts faster than
                // BouncyCastle's, whose first use builds precomputed tables.
                try {
                    PublicKey pk = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(ed25519Spki()));
                    Signature v = Signature.getInstance("Ed25519");
                    v.initVerify(pk);
                    v.update(text);
                    return v.verify(signature);
                } catch (GeneralSecurityException badKeyOrSignature) {
                    return false;
                }
            case ECDSA_P256_SHA256:
                try {
                    PublicKey pk = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(key));
                    Signature v = Signature.getInstance("SHA256withECDSA");
                    v.initVerify(pk);
                    v.update(text);
                    return v.verify(signature);
                } catch (GeneralSecurityException malformed) {
                    return false;
                }
            default:
                throw new IllegalStateException("unknown note key type " + type);
        }
    }

    /** SPKI DER of the Ed25519 key: the RFC 8410 prefix (SEQUENCE, algorithm 1.3.101.112, BIT STRING) and the key. */
    private byte[] ed25519Spki() {
        byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
        byte[] der = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, der, prefix.length, key.length);
        return der;
    }

    /** The verifier key string {@code name+hash+base64(0x01||pk)}; only Ed25519 keys have one. */
    public String encode() {
        if (type != Type.ED25519) {
            throw new IllegalStateException("only Ed25519 note keys have a verifier key string; " + name + " is " + type);
        }
        byte[] raw = new byte[1 + key.length];
        raw[0] = ALG_ED25519;
        System.arraycopy(key, 0, raw, 1, key.length);
        return name + "+" + hashHex(keyHash) + "+" + Base64.getEncoder().encodeToString(raw);
    }

    @Override
    public String toString() {
        return name + "+" + hashHex(keyHash) + " (" + type + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteVerifierKey k && k.name.equals(name) && k.keyHash == keyHash && k.type == type && Arrays.equals(k.key, key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, keyHash, type) * 31 + Arrays.hashCode(key);
    }

    static String hashHex(int hash) {
        return String.format("%08x", hash);
    }

    static int parseHash(String hex, String what) throws NoteException {
        if (!hex.matches("[0-9a-f]{8}")) {
            throw new NoteException(what + ": key hash must be 8 lowercase hex digits, got \"" + hex + "\"");
        }
        return Integer.parseUnsignedInt(hex, 16);
    }

    static int first4(byte[] digest) {
        return ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8) | (digest[3] & 0xff);
    }
}
