package dev.stagelight.verifier.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import dev.stagelight.verifier.merkle.MerkleHash;

/**
 * A witness's C2SP tlog-cosignature {@code cosignature/v1} verifier key: a name and an Ed25519 public key, written as
 * the vkey {@code name+hash+base64(0x04||pk)}. Its key hash is SHA-256(name || 0x0A || 0x04 || pk)[:4], so it never
 * equals the hash of the same key used for plain note signatures (type 0x01): a cosignature cannot pass for a log
 * signature, nor the reverse.
 */
public final class CosignerKey {
    /** The signature type of Ed25519 cosignature/v1 keys (C2SP signed-note). */
    static final byte ALG_COSIGNATURE_V1 = 0x04;

    private final String name;
    private final int keyHash;
    private final byte[] key;

    private CosignerKey(String name, int keyHash, byte[] key) {
        this.name = name;
        this.keyHash = keyHash;
        this.key = key.clone();
    }

    /** Parses {@code name+hash+base64(0x04||pk)}; the hash must match the key. */
    public static CosignerKey parse(String vkey) throws NoteException {
        Objects.requireNonNull(vkey, "vkey");
        String[] parts = vkey.split("\\+", 3);
        if (parts.length != 3) {
            throw new NoteException("witness key: expected name+hash+key (3 fields separated by '+'), got "
                    + parts.length + " fields");
        }
        String name = parts[0];
        if (!NoteText.isValidName(name)) {
            throw new NoteException("witness key: invalid name \"" + name + "\" (non-empty, no spaces, no '+')");
        }
        int hash = NoteVerifierKey.parseHash(parts[1], "witness key " + name);
        byte[] raw = NoteText.base64(parts[2], "witness key " + name + ": key");
        if (raw.length != 1 + NoteVerifierKey.ED25519_KEY_SIZE || raw[0] != ALG_COSIGNATURE_V1) {
            throw new NoteException("witness key " + name + ": expected type 0x04 (Ed25519 cosignature/v1) followed by"
                    + " a 32-byte key, got " + raw.length + " bytes"
                    + (raw.length > 0 ? String.format(" of type 0x%02x", raw[0]) : ""));
        }
        CosignerKey k = ed25519(name, Arrays.copyOfRange(raw, 1, raw.length));
        if (k.keyHash != hash) {
            throw new NoteException(String.format("witness key %s: key hash %08x does not match the key (computed %08x)",
                    name, hash, k.keyHash));
        }
        return k;
    }

    /** The cosignature/v1 key of a 32-byte Ed25519 public key. */
    public static CosignerKey ed25519(String name, byte[] publicKey) throws NoteException {
        if (!NoteText.isValidName(name)) {
            throw new NoteException("witness key: invalid name \"" + name + "\" (non-empty, no spaces, no '+')");
        }
        if (publicKey.length != NoteVerifierKey.ED25519_KEY_SIZE) {
            throw new NoteException("witness key " + name + ": Ed25519 public key must be 32 bytes, got "
                    + publicKey.length);
        }
        MessageDigest d = MerkleHash.sha256();
        d.update(name.getBytes(StandardCharsets.UTF_8));
        d.update((byte) '\n');
        d.update(ALG_COSIGNATURE_V1);
        d.update(publicKey);
        return new CosignerKey(name, NoteVerifierKey.first4(d.digest()), publicKey);
    }

    public String name() {
        return name;
    }

    public int keyHash() {
        return keyHash;
    }

    /** The raw 32-byte Ed25519 public key. */
    public byte[] publicKey() {
        return key.clone();
    }

    /** {@code name+hash}, how people refer to a key. */
    public String keyId() {
        return name + "+" + NoteVerifierKey.hashHex(keyHash);
    }

    /** True if a signature line with this name and key hash claims to be by this key. */
    public boolean matches(NoteSignature sig) {
        return name.equals(sig.name()) && keyHash == sig.keyHash();
    }

    /**
     * Verifies one cosignature line over the note text (the checkpoint body, final newline included).
     *
     * @return the parsed cosignature, its timestamp as signed
     * @throws NoteException when the line is not this key's, not a timestamped signature, or does not verify
     */
    public Cosignature verify(String text, NoteSignature sig) throws NoteException {
        if (!matches(sig)) {
            throw new NoteException("cosignature by " + sig.keyId() + " is not by witness key " + keyId());
        }
        Cosignature c = Cosignature.of(sig);
        byte[] message = Cosignature.signedMessage(c.timestamp(), text);
        Ed25519Signer v = new Ed25519Signer();
        try {
            v.init(false, new Ed25519PublicKeyParameters(key, 0));
        } catch (IllegalArgumentException badPoint) {
            throw new NoteException("witness key " + keyId() + ": not a valid Ed25519 public key");
        }
        v.update(message, 0, message.length);
        if (!v.verifySignature(c.signature())) {
            throw new NoteException("cosignature by " + keyId() + " (time " + c.timestamp()
                    + ") does not verify over this checkpoint");
        }
        return c;
    }

    /** The vkey {@code name+hash+base64(0x04||pk)}. */
    public String encode() {
        byte[] raw = new byte[1 + key.length];
        raw[0] = ALG_COSIGNATURE_V1;
        System.arraycopy(key, 0, raw, 1, key.length);
        return keyId() + "+" + Base64.getEncoder().encodeToString(raw);
    }

    @Override
    public String toString() {
        return keyId() + " (cosignature/v1)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CosignerKey k && k.name.equals(name) && k.keyHash == keyHash && Arrays.equals(k.key, key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, keyHash) * 31 + Arrays.hashCode(key);
    }
}
