package dev.stagelight.verifier.check;

import dev.stagelight.verifier.merkle.MerkleHash;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 tree root over leaf hashes appended one by one, in O(log n) memory (a compact range: one pending
 * subtree root per set bit of the size). Each completed subtree whose height is a multiple of 8 is a hash that
 * some tlog tile holds, so it is handed to the {@link TileSink} as it appears: the tiles are checked in the same pass.
 */
final class StreamingTree {
    /** Receives every completed node at height {@code 8 * tileLevel}: the hashes tile level {@code tileLevel} stores. */
    interface TileSink {
        void node(int tileLevel, long index, byte[] hash);
    }

    private final List<byte[]> pending = new ArrayList<>(); // roots of perfect subtrees, largest first
    private final TileSink sink;
    private long size;

    StreamingTree(TileSink sink) {
        this.sink = sink;
    }

    long size() {
        return size;
    }

    void append(byte[] leafHash) {
        byte[] hash = leafHash;
        sink.node(0, size, hash);
        // Each trailing one bit of the old size is a pending subtree of equal height to merge with.
        long index = size;
        int height = 0;
        while ((index & 1) == 1) {
            hash = MerkleHash.node(pending.remove(pending.size() - 1), hash);
            index >>>= 1;
            height++;
            if (height % 8 == 0) {
                sink.node(height / 8, index, hash);
            }
        }
        pending.add(hash);
        size++;
    }

    /** The root of the tree of all leaves appended so far. */
    byte[] root() {
        if (pending.isEmpty()) {
            return MerkleHash.emptyRoot();
        }
        byte[] root = pending.get(pending.size() - 1);
        for (int i = pending.size() - 2; i >= 0; i--) {
            root = MerkleHash.node(pending.get(i), root);
        }
        return root;
    }
}
