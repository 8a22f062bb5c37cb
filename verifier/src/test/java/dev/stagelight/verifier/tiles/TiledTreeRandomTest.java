package dev.stagelight.verifier.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.verifier.merkle.ConsistencyProof;
import dev.stagelight.verifier.merkle.InclusionProof;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.merkle.MerkleTree;
import dev.stagelight.verifier.merkle.ProofException;
import dev.stagelight.verifier.merkle.Proofs;
import dev.stagelight.verifier.source.DirectorySource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grows a tiled log in random batches and checks, after every batch, that the tiles written by {@link TileUpdate}
 * and read back by {@link TileHashReader} give the same hashes, roots and proofs as the in-memory {@link MerkleTree},
 * that no written tile existed before (nothing is rewritten), and that the plan and a proof read O(log n) tiles.
 */
class TiledTreeRandomTest {
    @TempDir
    Path dir;

    private final MerkleTree reference = new MerkleTree();
    private final Random random = new Random(20261124);

    @Test
    void randomBatchesAcrossLevelOneBoundaries() throws IOException, ProofException {
        while (reference.size() < 3_000) {
            int batch = random.nextInt(10) == 0 ? (int) (256 - reference.size() % 256) : 1 + random.nextInt(300);
            append(batch);
        }
    }

    /** 65,536 leaves complete the first level-16 hash, the first entry of a level-2 tile; synthetic leaf hashes. */
    @Test
    void crossesTheLevelTwoBoundary() throws IOException, ProofException {
        for (int batch : new int[] {40_000, 25_535, 1, 1, 254, 1, 4_208}) {
            append(batch);
        }
        assertEquals(70_000, reference.size());
        assertTrue(Files.exists(dir.resolve("tile/2/000.p/1")));
        assertTrue(Files.exists(dir.resolve("tile/1/001.p/17")));
        assertTrue(Files.exists(dir.resolve("tile/1/000")));
    }

    private void append(int batch) throws IOException, ProofException {
        long oldSize = reference.size();
        List<byte[]> leaves = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            byte[] leaf = MerkleHash.leaf(ByteBuffer.allocate(8).putLong(oldSize + i).array());
            leaves.add(leaf);
            reference.appendLeafHash(leaf);
        }
        long newSize = reference.size();
        TileHashReader existing = new TileHashReader(new DirectorySource(dir), oldSize);
        TileUpdate update = TileUpdate.plan(oldSize, leaves, existing);
        assertEquals(newSize, update.newSize());
        assertArrayEquals(reference.root(), update.root(), "root at " + newSize);
        assertTrue(existing.tilesRead() <= 2L * tileLevels(newSize) + 1,
                "plan " + oldSize + "+" + batch + " read " + existing.tilesRead() + " tiles");

        for (Map.Entry<String, byte[]> tile : update.tiles().entrySet()) {
            TilePath path = TilePath.parse(tile.getKey());
            for (int i = 0; i < path.width(); i++) {
                byte[] want = reference.hash(path.level() * TilePath.HEIGHT, path.index() * TilePath.WIDTH + i);
                int off = i * MerkleHash.SIZE;
                assertArrayEquals(want, Arrays.copyOfRange(tile.getValue(), off, off + MerkleHash.SIZE), tile.getKey());
            }
            Path target = dir.resolve(tile.getKey());
            assertFalse(Files.exists(target), "rewrote " + tile.getKey() + " growing " + oldSize + " -> " + newSize);
            Files.createDirectories(target.getParent());
            Files.write(target, tile.getValue()); // plain writes: this test is about content, not crash safety
        }
        checkReadBack(newSize);
    }

    private void checkReadBack(long size) throws IOException, ProofException {
        DirectorySource source = new DirectorySource(dir);
        TileHashReader tiles = new TileHashReader(source, size);
        byte[] root = reference.root();
        assertArrayEquals(root, Proofs.root(size, tiles));
        for (int k = 0; k < 3; k++) {
            long index = (long) (random.nextDouble() * size);
            TileHashReader fresh = new TileHashReader(source, size);
            List<byte[]> proof = Proofs.inclusion(index, size, fresh);
            assertTrue(fresh.tilesRead() <= 2L * tileLevels(size) + 1, "inclusion proof read " + fresh.tilesRead());
            assertProofEquals(reference.inclusionProof(index, size), proof);
            InclusionProof.verify(index, size, reference.hash(0, index), proof, root);

            long earlier = 1 + (long) (random.nextDouble() * size);
            List<byte[]> consistency = Proofs.consistency(earlier, size, tiles);
            assertProofEquals(reference.consistencyProof(earlier, size), consistency);
            ConsistencyProof.verify(earlier, size, reference.root(earlier), root, consistency);
        }
    }

    private static int tileLevels(long size) {
        int levels = 0;
        while (TilePath.storedHashes(levels, size) > 0) {
            levels++;
        }
        return levels;
    }

    private static void assertProofEquals(List<byte[]> want, List<byte[]> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i), got.get(i), "proof hash " + i);
        }
    }
}
