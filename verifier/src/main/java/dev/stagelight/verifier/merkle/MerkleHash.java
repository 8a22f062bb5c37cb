package dev.stagelight.verifier.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 6962 / RFC 9162 hashing: domain-separated SHA-256 for leaves (0x00) and interior nodes (0x01). */
public final class MerkleHash {
    public static final int SIZE = 32;

    /** One reusable digest per thread: MessageDigest.getInstance per hash would dominate a million-leaf pass. */
    private static final ThreadLocal<MerkleHasher> HASHER = ThreadLocal.withInitial(MerkleHasher::new);

    private MerkleHash() {}

    /** The root of the empty tree: SHA-256 of the empty string. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    public static byte[] leaf(byte[] entry) {
        return HASHER.get().leaf(entry);
    }

    public static byte[] node(byte[] left, byte[] right) {
        return HASHER.get().node(left, right);
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
