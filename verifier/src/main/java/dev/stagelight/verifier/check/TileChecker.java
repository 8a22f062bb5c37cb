package dev.stagelight.verifier.check;

import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.merkle.StreamingRoot;
import dev.stagelight.verifier.source.IndexSource;
import dev.stagelight.verifier.tiles.TilePath;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks every hash tile against the hashes the entries imply, as the {@link StreamingRoot} completes them:
 * a full tile is compared as soon as its 256th hash is known, the partial right-edge tiles at the end.
 * Memory: one 8 KiB buffer per tile level.
 */
final class TileChecker implements StreamingRoot.StoredHashListener {
    private static final int WIDTH = 256;

    private final IndexSource source;
    private final ReportBuilder report;
    private final List<byte[]> buffers = new ArrayList<>();
    private final List<Integer> counts = new ArrayList<>();
    private final List<Long> tileIndexes = new ArrayList<>();
    private long tilesChecked;
    private IOException ioFailure;

    TileChecker(IndexSource source, ReportBuilder report) {
        this.source = source;
        this.report = report;
    }

    long tilesChecked() {
        return tilesChecked;
    }

    @Override
    public void stored(int treeLevel, long index, byte[] hash, int off) {
        if (treeLevel % TilePath.HEIGHT != 0) {
            return; // levels inside a tile are not stored
        }
        int level = treeLevel / TilePath.HEIGHT;
        while (buffers.size() <= level) {
            buffers.add(new byte[WIDTH * MerkleHash.SIZE]);
            counts.add(0);
            tileIndexes.add(0L);
        }
        int count = counts.get(level);
        System.arraycopy(hash, off, buffers.get(level), count * MerkleHash.SIZE, MerkleHash.SIZE);
        counts.set(level, ++count);
        if (count == WIDTH) {
            compare(level, tileIndexes.get(level), WIDTH);
            counts.set(level, 0);
            tileIndexes.set(level, tileIndexes.get(level) + 1);
        }
    }

    /** Compares the partial tiles of the right edge; rethrows a read error (not a missing file) met on the way. */
    void finish() throws IOException {
        for (int level = 0; level < buffers.size(); level++) {
            int count = counts.get(level);
            if (count > 0) {
                compare(level, tileIndexes.get(level), count);
            }
        }
        if (ioFailure != null) {
            throw ioFailure;
        }
    }

    private void compare(int level, long index, int width) {
        if (ioFailure != null) {
            return;
        }
        String path = TilePath.hashTile(level, index, width).path();
        byte[] expected = Arrays.copyOf(buffers.get(level), width * MerkleHash.SIZE);
        byte[] actual;
        try {
            actual = source.read(path);
        } catch (NoSuchFileException e) {
            report.failed("hash-tiles", source.describe(path) + ": missing hash tile (level " + level + ", "
                    + width + " hashes expected)");
            return;
        } catch (IOException e) {
            ioFailure = e;
            return;
        }
        tilesChecked++;
        if (actual.length != expected.length) {
            report.failed("hash-tiles", source.describe(path) + ": " + actual.length + " bytes, expected "
                    + expected.length + " (" + width + " hashes of 32 bytes)");
            return;
        }
        for (int i = 0; i < width; i++) {
            int off = i * MerkleHash.SIZE;
            if (!Arrays.equals(actual, off, off + MerkleHash.SIZE, expected, off, off + MerkleHash.SIZE)) {
                long node = index * WIDTH + i;
                String implied = level == 0
                        ? "entry " + node + " (" + source.describe(TilePath.entryBundle(index, width).path() + "#" + i)
                                + ") hashes to "
                        : "the entries give ";
                report.failed("hash-tiles", source.describe(path) + ": hash " + i + " (level " + level + " node "
                        + node + ") is " + hex(actual, off) + ", but " + implied + hex(expected, off)
                        + "; the tile or the entries were altered");
                return;
            }
        }
    }

    private static String hex(byte[] b, int off) {
        return HexFormat.of().formatHex(b, off, off + MerkleHash.SIZE);
    }
}
