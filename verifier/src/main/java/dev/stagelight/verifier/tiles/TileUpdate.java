package dev.stagelight.verifier.tiles;

import dev.stagelight.verifier.merkle.HashReader;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.merkle.MerkleHasher;
import dev.stagelight.verifier.merkle.Proofs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure write-side math of an append: given the tree at {@code oldSize} (as stored hashes) and k new leaf
 * hashes, the new root and every hash tile, of every level, that differs at {@code oldSize + k}. Only the right
 * edge is read (O(log n) hashes, from the partial tiles) and only changed tiles are returned (O(k + log n)); full
 * tiles that already exist are never produced again.
 *
 * @param tiles path → bytes, ordered by tile level, then index (full tiles before the new partial one)
 */
public record TileUpdate(long oldSize, long newSize, byte[] root, Map<String, byte[]> tiles) {
    public TileUpdate {
        tiles = Collections.unmodifiableMap(new LinkedHashMap<>(tiles));
        root = root.clone();
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    public static TileUpdate plan(long oldSize, List<byte[]> newLeafHashes, HashReader existing) throws IOException {
        if (oldSize < 0) {
            throw new IllegalArgumentException("tree size " + oldSize + " is negative");
        }
        long newSize = Math.addExact(oldSize, newLeafHashes.size());
        NewHashes added = new NewHashes(oldSize, newSize, existing);
        byte[] first = new byte[newLeafHashes.size() * MerkleHash.SIZE];
        for (int i = 0; i < newLeafHashes.size(); i++) {
            byte[] leaf = newLeafHashes.get(i);
            if (leaf == null || leaf.length != MerkleHash.SIZE) {
                throw new IllegalArgumentException("new leaf hash " + i + " is not 32 bytes");
            }
            System.arraycopy(leaf, 0, first, i * MerkleHash.SIZE, MerkleHash.SIZE);
        }
        added.computeLevels(first);

        Map<String, byte[]> tiles = new LinkedHashMap<>();
        for (int level = 0; TilePath.storedHashes(level, newSize) > TilePath.storedHashes(level, oldSize); level++) {
            int treeLevel = level * TilePath.HEIGHT;
            long oldCount = TilePath.storedHashes(level, oldSize);
            long newCount = TilePath.storedHashes(level, newSize);
            for (long n = oldCount / TilePath.WIDTH; n <= (newCount - 1) / TilePath.WIDTH; n++) {
                TilePath tile = TilePath.hashTileAt(level, n, newSize);
                byte[] bytes = new byte[tile.width() * MerkleHash.SIZE];
                for (int i = 0; i < tile.width(); i++) {
                    byte[] h = added.hash(treeLevel, n * TilePath.WIDTH + i);
                    System.arraycopy(h, 0, bytes, i * MerkleHash.SIZE, MerkleHash.SIZE);
                }
                tiles.put(tile.path(), bytes);
            }
        }
        return new TileUpdate(oldSize, newSize, Proofs.root(newSize, added), tiles);
    }

    /** The stored hashes completed by the append (one flat array per tree level), over the old ones. */
    private static final class NewHashes implements HashReader {
        private final long oldSize;
        private final long newSize;
        private final HashReader existing;
        private final List<byte[]> levels = new ArrayList<>();

        NewHashes(long oldSize, long newSize, HashReader existing) {
            this.oldSize = oldSize;
            this.newSize = newSize;
            this.existing = existing;
        }

        void computeLevels(byte[] leaves) throws IOException {
            MerkleHasher hasher = new MerkleHasher();
            levels.add(leaves);
            // Level h gains the hashes [old >> h, new >> h); once a level gains none, no level above does.
            for (int h = 1; h < Long.SIZE && (newSize >>> h) > (oldSize >>> h); h++) {
                long lo = oldSize >>> h;
                int count = (int) ((newSize >>> h) - lo);
                byte[] row = new byte[count * MerkleHash.SIZE];
                for (int i = 0; i < count; i++) {
                    long index = lo + i;
                    byte[] left = hash(h - 1, 2 * index);
                    byte[] right = hash(h - 1, 2 * index + 1);
                    hasher.nodeInto(left, 0, right, 0, row, i * MerkleHash.SIZE);
                }
                levels.add(row);
            }
        }

        @Override
        public byte[] hash(int level, long index) throws IOException {
            long firstNew = level >= Long.SIZE ? 0 : oldSize >>> level;
            if (index < firstNew) {
                return existing.hash(level, index);
            }
            if (level >= levels.size() || index >= (newSize >>> level)) {
                throw new IllegalArgumentException("no complete subtree at level " + level + ", index " + index
                        + " at tree size " + newSize);
            }
            int off = (int) (index - firstNew) * MerkleHash.SIZE;
            byte[] out = new byte[MerkleHash.SIZE];
            System.arraycopy(levels.get(level), off, out, 0, MerkleHash.SIZE);
            return out;
        }
    }
}
