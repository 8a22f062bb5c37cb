package dev.stagelight.verifier.merkle;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * RFC 6962 hashing for hot loops: one reused {@link MessageDigest}, results written into caller-owned arrays, so
 * hashing a million leaves allocates nothing per hash. Not thread-safe; use one per thread.
 */
public final class MerkleHasher {
    private final MessageDigest digest = MerkleHash.sha256();

    /** Writes SHA-256(0x00 || entry[off, off+len)) to {@code out[outOff, outOff+32)}. */
    public void leafInto(byte[] entry, int off, int len, byte[] out, int outOff) {
        digest.update((byte) 0x00);
        digest.update(entry, off, len);
        finish(out, outOff);
    }

    /** Writes SHA-256(0x01 || left || right) to {@code out[outOff, outOff+32)}; {@code out} may alias an input. */
    public void nodeInto(byte[] left, int leftOff, byte[] right, int rightOff, byte[] out, int outOff) {
        digest.update((byte) 0x01);
        digest.update(left, leftOff, MerkleHash.SIZE);
        digest.update(right, rightOff, MerkleHash.SIZE);
        finish(out, outOff);
    }

    public byte[] leaf(byte[] entry) {
        byte[] out = new byte[MerkleHash.SIZE];
        leafInto(entry, 0, entry.length, out, 0);
        return out;
    }

    /** @throws IllegalArgumentException unless both children are 32-byte hashes (nothing is silently truncated) */
    public byte[] node(byte[] left, byte[] right) {
        if (left.length != MerkleHash.SIZE || right.length != MerkleHash.SIZE) {
            throw new IllegalArgumentException("child hashes must be " + MerkleHash.SIZE + " bytes, got "
                    + left.length + " and " + right.length);
        }
        byte[] out = new byte[MerkleHash.SIZE];
        nodeInto(left, 0, right, 0, out, 0);
        return out;
    }

    private void finish(byte[] out, int outOff) {
        try {
            digest.digest(out, outOff, MerkleHash.SIZE);
        } catch (DigestException e) {
            throw new IllegalArgumentException("no room for a 32-byte hash at offset " + outOff, e);
        }
    }
}
