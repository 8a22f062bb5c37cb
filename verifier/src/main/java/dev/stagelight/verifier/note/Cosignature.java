package dev.stagelight.verifier.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A C2SP tlog-cosignature {@code cosignature/v1} signature: the note signature bytes after the key hash are a
 * {@code timestamped_signature}, an unsigned 64-bit big-endian POSIX time followed by the 64-byte Ed25519 signature of
 * {@code "cosignature/v1\ntime <decimal time>\n" || checkpoint body}.
 *
 * @param name      the cosigner's key name
 * @param keyHash   the key hash of the signature line
 * @param timestamp seconds since the epoch when the witness cosigned, at most 2^63 - 1
 * @param signature the 64-byte Ed25519 signature
 */
public record Cosignature(String name, int keyHash, long timestamp, byte[] signature) {
    /** Header line of the signed message; it separates cosignatures from every other use of the key. */
    public static final String HEADER = "cosignature/v1";
    static final int SIZE = 8 + NoteVerifierKey.ED25519_SIG_SIZE;

    public Cosignature {
        Objects.requireNonNull(name, "name");
        if (timestamp < 0) {
            throw new IllegalArgumentException("cosignature timestamp must be at most 2^63 - 1 (unsigned, top bit clear)");
        }
        if (signature.length != NoteVerifierKey.ED25519_SIG_SIZE) {
            throw new IllegalArgumentException("cosignature: Ed25519 signature must be 64 bytes, got " + signature.length);
        }
        signature = signature.clone();
    }

    /** Reads a signature line as a cosignature/v1 timestamped signature (form only; see {@link CosignerKey#verify}). */
    public static Cosignature of(NoteSignature sig) throws NoteException {
        byte[] raw = sig.signature();
        if (raw.length != SIZE) {
            throw new NoteException("cosignature by " + sig.keyId() + ": expected " + SIZE
                    + " bytes (8-byte timestamp, 64-byte Ed25519 signature) after the key hash, got " + raw.length);
        }
        long ts = ByteBuffer.wrap(raw, 0, 8).getLong();
        if (ts < 0) {
            throw new NoteException("cosignature by " + sig.keyId() + ": timestamp exceeds 2^63 - 1");
        }
        return new Cosignature(sig.name(), sig.keyHash(), ts, Arrays.copyOfRange(raw, 8, SIZE));
    }

    /** The exact bytes the witness signs: header line, time line, then the checkpoint body. */
    public static byte[] signedMessage(long timestamp, String text) {
        return (HEADER + "\ntime " + Long.toString(timestamp) + "\n" + text).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** This cosignature as a note signature line value. */
    public NoteSignature toNoteSignature() {
        return new NoteSignature(name, keyHash, ByteBuffer.allocate(SIZE).putLong(timestamp).put(signature).array());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cosignature c && c.name.equals(name) && c.keyHash == keyHash && c.timestamp == timestamp
                && Arrays.equals(c.signature, signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, keyHash, timestamp) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "Cosignature[" + name + "+" + NoteVerifierKey.hashHex(keyHash) + " time " + timestamp + "]";
    }
}
