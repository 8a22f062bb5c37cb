package dev.stagelight.verifier.note;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 note signing key, in Go's {@code golang.org/x/mod/sumdb/note} format
 * {@code PRIVATE+KEY+name+hash+base64(0x01||seed)}. {@link #toString()} never prints the seed.
 */
public final class NoteSignerKey {
    private static final String PREFIX = "PRIVATE+KEY+";
    private static final int SEED_SIZE = 32;

    private final byte[] seed;
    private final NoteVerifierKey verifierKey;

    private NoteSignerKey(String name, byte[] seed) throws NoteException {
        this.seed = seed.clone();
        Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(seed, 0);
        this.verifierKey = NoteVerifierKey.ed25519(name, priv.generatePublicKey().getEncoded());
    }

    /** Parses {@code PRIVATE+KEY+name+hash+base64(0x01||seed)}; the hash must match the derived public key. */
    public static NoteSignerKey parse(String skey) throws NoteException {
        Objects.requireNonNull(skey, "skey");
        String s = skey.strip();
        if (!s.startsWith(PREFIX)) {
            throw new NoteException("note signer key: expected it to start with PRIVATE+KEY+");
        }
        String[] parts = s.substring(PREFIX.length()).split("\\+", 3);
        if (parts.length != 3) {
            throw new NoteException("note signer key: expected PRIVATE+KEY+name+hash+key, got " + (parts.length + 2) + " fields");
        }
        String name = parts[0];
        if (!NoteText.isValidName(name)) {
            throw new NoteException("note signer key: invalid name \"" + name + "\" (non-empty, no spaces, no '+')");
        }
        int hash = NoteVerifierKey.parseHash(parts[1], "note signer key " + name);
        byte[] raw = NoteText.base64(parts[2], "note signer key " + name + ": key");
        if (raw.length != 1 + SEED_SIZE || raw[0] != NoteVerifierKey.ALG_ED25519) {
            throw new NoteException("note signer key " + name + ": expected type 0x01 (Ed25519) followed by a 32-byte seed, got "
                    + raw.length + " bytes");
        }
        NoteSignerKey k = new NoteSignerKey(name, Arrays.copyOfRange(raw, 1, raw.length));
        if (k.verifierKey.keyHash() != hash) {
            throw new NoteException(String.format("note signer key %s: key hash %08x does not match the key (computed %08x)",
                    name, hash, k.verifierKey.keyHash()));
        }
        return k;
    }

    /** A fresh key from the system's strong random source. */
    public static NoteSignerKey generate(String name) throws NoteException {
        byte[] seed = new byte[SEED_SIZE];
        new SecureRandom().nextBytes(seed);
        return new NoteSignerKey(name, seed);
    }

    /** A key from a known 32-byte Ed25519 seed (for instance a PKCS#8 Ed25519 private key). */
    public static NoteSignerKey fromSeed(String name, byte[] seed) throws NoteException {
        if (seed.length != SEED_SIZE) {
            throw new NoteException("note signer key " + name + ": Ed25519 seed must be 32 bytes, got " + seed.length);
        }
        return new NoteSignerKey(name, seed);
    }

    public String name() {
        return verifierKey.name();
    }

    public NoteVerifierKey verifierKey() {
        return verifierKey;
    }

    /** The key file text {@code PRIVATE+KEY+name+hash+base64(0x01||seed)} (secret: write it with care). */
    public String encode() {
        byte[] raw = new byte[1 + SEED_SIZE];
        raw[0] = NoteVerifierKey.ALG_ED25519;
        System.arraycopy(seed, 0, raw, 1, SEED_SIZE);
        return PREFIX + name() + "+" + NoteVerifierKey.hashHex(verifierKey.keyHash()) + "+" + Base64.getEncoder().encodeToString(raw);
    }

    /** The 32-byte Ed25519 seed (secret), so the same key can sign other things than notes. */
    public byte[] seed() {
        return seed.clone();
    }

    /** The raw 64-byte Ed25519 signature of {@code message}. Ed25519 is deterministic. */
    public byte[] signRaw(byte[] message) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, new Ed25519PrivateKeyParameters(seed, 0));
        s.update(message, 0, message.length);
        return s.generateSignature();
    }

    /** Never shows the seed. */
    @Override
    public String toString() {
        return "NoteSignerKey[" + verifierKey + "]";
    }
}
