package dev.stagelight.verifier.note;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One signature line of a note: {@code — name base64(keyhash||signature)}.
 *
 * @param name      the key name
 * @param keyHash   the 32-bit key hash (the first 4 bytes of the decoded signature)
 * @param signature the signature bytes after the key hash
 */
public record NoteSignature(String name, int keyHash, byte[] signature) {
    public NoteSignature {
        Objects.requireNonNull(name, "name");
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The signature line without its trailing newline. */
    public String line() {
        byte[] raw = new byte[4 + signature.length];
        raw[0] = (byte) (keyHash >>> 24);
        raw[1] = (byte) (keyHash >>> 16);
        raw[2] = (byte) (keyHash >>> 8);
        raw[3] = (byte) keyHash;
        System.arraycopy(signature, 0, raw, 4, signature.length);
        return SignedNote.SIG_PREFIX + name + " " + Base64.getEncoder().encodeToString(raw);
    }

    /** {@code name+hash}, how people refer to a key. */
    public String keyId() {
        return name + "+" + NoteVerifierKey.hashHex(keyHash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteSignature s && s.name.equals(name) && s.keyHash == keyHash && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, keyHash) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "NoteSignature[" + keyId() + "]";
    }
}
