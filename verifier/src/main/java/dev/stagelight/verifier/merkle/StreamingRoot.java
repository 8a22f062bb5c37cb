package dev.stagelight.verifier.merkle;

import java.util.Arrays;

/**
 * Computes the root of a tree whose leaf hashes arrive one by one, in O(log n) memory and without allocating
 * per leaf: the right-edge "compact range" of complete subtrees is kept in one flat array. Optionally reports every
 * stored hash as it completes, so a streaming verifier can compare them with the hash tiles it reads.
 * Not thread-safe.
 */
public final class StreamingRoot {
    /** Receives each stored hash once, when its subtree completes: {@code hash[off, off+32)} at (level, index). */
    @FunctionalInterface
    public interface StoredHashListener {
        void stored(int level, long index, byte[] hash, int off);
    }

    private static final StoredHashListener IGNORE = (level, index, hash, off) -> { };

    private final MerkleHasher hasher = new MerkleHasher();
    private final StoredHashListener listener;
    private final byte[] stack = new byte[(Long.SIZE + 1) * MerkleHash.SIZE];
    private final byte[] lastLeaf = new byte[MerkleHash.SIZE];
    private int depth;
    private long size;

    public StreamingRoot() {
        this(IGNORE);
    }

    public StreamingRoot(StoredHashListener listener) {
        this.listener = listener;
    }

    public long size() {
        return size;
    }

    /** Hashes {@code entry[off, off+len)} as a leaf and appends it. */
    public void appendEntry(byte[] entry, int off, int len) {
        hasher.leafInto(entry, off, len, stack, depth * MerkleHash.SIZE);
        push();
    }

    public void appendLeafHash(byte[] leafHash, int off) {
        System.arraycopy(leafHash, off, stack, depth * MerkleHash.SIZE, MerkleHash.SIZE);
        push();
    }

    /** A copy of the leaf hash appended last (the chain check needs it as the next entry's {@code prev}). */
    public byte[] lastLeafHash() {
        return lastLeaf.clone();
    }

    private void push() {
        int top = depth * MerkleHash.SIZE;
        System.arraycopy(stack, top, lastLeaf, 0, MerkleHash.SIZE);
        listener.stored(0, size, stack, top);
        depth++;
        // Each trailing one bit of the old size is a complete subtree that now pairs with the new one.
        long index = size;
        for (int level = 1; (index & 1) == 1; level++) {
            int right = (depth - 1) * MerkleHash.SIZE;
            int left = right - MerkleHash.SIZE;
            hasher.nodeInto(stack, left, stack, right, stack, left);
            depth--;
            index >>>= 1;
            listener.stored(level, index, stack, left);
        }
        size++;
    }

    /** The root of the leaves appended so far (SHA-256 of nothing for none). */
    public byte[] root() {
        if (depth == 0) {
            return MerkleHash.emptyRoot();
        }
        byte[] acc = Arrays.copyOfRange(stack, (depth - 1) * MerkleHash.SIZE, depth * MerkleHash.SIZE);
        for (int i = depth - 2; i >= 0; i--) {
            hasher.nodeInto(stack, i * MerkleHash.SIZE, acc, 0, acc, 0);
        }
        return acc;
    }
}
