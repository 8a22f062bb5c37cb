package dev.stagelight.verifier.merkle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An in-memory Merkle tree that keeps every stored hash (about 2n hashes), for tests and for generating proofs of
 * trees that fit in memory. Hashes live in one flat array per level, not one object per hash.
 */
public final class MerkleTree implements HashReader {
    private final MerkleHasher hasher = new MerkleHasher();
    private final List<byte[]> levels = new ArrayList<>();
    private final List<Long> counts = new ArrayList<>();

    public long size() {
        return counts.isEmpty() ? 0 : counts.get(0);
    }

    /** Appends an entry (hashing it as a leaf) and returns its leaf hash. */
    public byte[] appendEntry(byte[] entry) {
        byte[] leaf = hasher.leaf(entry);
        appendLeafHash(leaf);
        return leaf;
    }

    public void appendLeafHash(byte[] leafHash) {
        if (leafHash.length != MerkleHash.SIZE) {
            throw new IllegalArgumentException("leaf hash is " + leafHash.length + " bytes, expected 32");
        }
        put(0, leafHash, 0);
        // Every time a level gets an even count, the pair just completed makes one hash on the level above.
        for (int level = 0; counts.get(level) % 2 == 0; level++) {
            long right = counts.get(level) - 1;
            byte[] row = levels.get(level);
            byte[] parent = new byte[MerkleHash.SIZE];
            hasher.nodeInto(row, offset(right - 1), row, offset(right), parent, 0);
            put(level + 1, parent, 0);
        }
    }

    @Override
    public byte[] hash(int level, long index) {
        if (level < 0 || level >= levels.size() || index < 0 || index >= counts.get(level)) {
            throw new IllegalArgumentException("no complete subtree at level " + level + ", index " + index
                    + " in a tree of size " + size());
        }
        int off = offset(index);
        return Arrays.copyOfRange(levels.get(level), off, off + MerkleHash.SIZE);
    }

    public byte[] root() {
        return root(size());
    }

    /** The root of the first {@code size} leaves (any earlier size works: stored hashes never change). */
    public byte[] root(long size) {
        requireSize(size);
        return unchecked(() -> Proofs.root(size, this));
    }

    public List<byte[]> inclusionProof(long index, long size) {
        requireSize(size);
        return unchecked(() -> Proofs.inclusion(index, size, this));
    }

    public List<byte[]> consistencyProof(long size1, long size2) {
        requireSize(size2);
        return unchecked(() -> Proofs.consistency(size1, size2, this));
    }

    private void requireSize(long size) {
        if (size < 0 || size > size()) {
            throw new IllegalArgumentException("tree size " + size + " is outside 0.." + size());
        }
    }

    private void put(int level, byte[] hash, int from) {
        if (level == levels.size()) {
            levels.add(new byte[MerkleHash.SIZE * 16]);
            counts.add(0L);
        }
        long count = counts.get(level);
        byte[] row = levels.get(level);
        int off = offset(count);
        if (off + MerkleHash.SIZE > row.length) {
            if (row.length > Integer.MAX_VALUE / 2) {
                throw new IllegalStateException("in-memory tree is full at " + count + " hashes per level");
            }
            row = Arrays.copyOf(row, row.length * 2);
            levels.set(level, row);
        }
        System.arraycopy(hash, from, row, off, MerkleHash.SIZE);
        counts.set(level, count + 1);
    }

    private static int offset(long index) {
        return Math.toIntExact(index * MerkleHash.SIZE);
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    /** This tree's own reads never fail; the HashReader signature allows it only for file-backed readers. */
    private static <T> T unchecked(IoSupplier<T> call) {
        try {
            return call.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
