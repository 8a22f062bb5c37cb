package dev.stagelight.verifier.tiles;

import dev.stagelight.verifier.merkle.HashReader;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.merkle.MerkleHasher;
import dev.stagelight.verifier.source.IndexSource;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves every stored hash of a tiled log at a fixed tree size by reading hash tiles. A level-L tile holds the
 * hashes of tree level 8L; a hash of tree level 8L + j (0 < j < 8) is computed from the 2^j hashes below it in the
 * same tile. Tiles are read at the width they have at this tree size (falling back to the full tile when the
 * partial one is gone, as C2SP allows) and kept in a small LRU cache, so a proof reads O(log n) tiles.
 * Not thread-safe.
 */
public final class TileHashReader implements HashReader {
    private static final int CACHE_TILES = 64;

    private final IndexSource source;
    private final long treeSize;
    private final MerkleHasher hasher = new MerkleHasher();
    private final Map<String, byte[]> cache = new LinkedHashMap<>(CACHE_TILES, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHE_TILES;
        }
    };
    private long tilesRead;

    public TileHashReader(IndexSource source, long treeSize) {
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size " + treeSize + " is negative");
        }
        this.source = source;
        this.treeSize = treeSize;
    }

    public long treeSize() {
        return treeSize;
    }

    /** Tile files fetched from the source so far (cache hits excluded). */
    public long tilesRead() {
        return tilesRead;
    }

    @Override
    public byte[] hash(int level, long index) throws IOException {
        if (level < 0 || level >= Long.SIZE || index < 0 || index > (Long.MAX_VALUE >>> level)) {
            throw new IllegalArgumentException("no stored hash at level " + level + ", index " + index);
        }
        int tileLevel = level / TilePath.HEIGHT;
        int sub = level % TilePath.HEIGHT;
        long first = index << sub; // first covered hash on tree level 8 * tileLevel
        int count = 1 << sub;
        if (first + count > TilePath.storedHashes(tileLevel, treeSize)) {
            throw new IllegalArgumentException("the subtree at level " + level + ", index " + index
                    + " is not complete at tree size " + treeSize);
        }
        long tileIndex = first / TilePath.WIDTH;
        byte[] tile = tile(TilePath.hashTileAt(tileLevel, tileIndex, treeSize));
        int off = (int) (first - tileIndex * TilePath.WIDTH) * MerkleHash.SIZE;
        byte[] row = Arrays.copyOfRange(tile, off, off + count * MerkleHash.SIZE);
        // Fold the row pairwise in place until one hash remains: levels inside a tile are not stored.
        for (int width = count; width > 1; width /= 2) {
            for (int i = 0; i < width / 2; i++) {
                hasher.nodeInto(row, 2 * i * MerkleHash.SIZE, row, (2 * i + 1) * MerkleHash.SIZE, row,
                        i * MerkleHash.SIZE);
            }
        }
        return count == 1 ? row : Arrays.copyOf(row, MerkleHash.SIZE);
    }

    /** The bytes of one hash tile at this tree size, checked for length. */
    public byte[] tile(TilePath tile) throws IOException {
        String path = tile.path();
        byte[] cached = cache.get(path);
        if (cached != null) {
            return cached;
        }
        int expected = tile.width() * MerkleHash.SIZE;
        byte[] bytes;
        String readFrom = path;
        try {
            bytes = source.read(path);
            tilesRead++;
        } catch (NoSuchFileException e) {
            if (tile.isFull()) {
                throw e;
            }
            // A log may delete a partial tile once the full one exists; its first W hashes are the same.
            readFrom = TilePath.hashTile(tile.level(), tile.index(), TilePath.WIDTH).path();
            try {
                bytes = source.read(readFrom);
                tilesRead++;
            } catch (NoSuchFileException full) {
                throw e;
            }
            if (bytes.length == TilePath.WIDTH * MerkleHash.SIZE) {
                bytes = Arrays.copyOf(bytes, expected);
            }
        }
        if (bytes.length != expected) {
            throw new TileFormatException(source.describe(readFrom) + ": " + bytes.length + " bytes, expected "
                    + expected + " (" + tile.width() + " hashes of 32 bytes)");
        }
        cache.put(path, bytes);
        return bytes;
    }
}
