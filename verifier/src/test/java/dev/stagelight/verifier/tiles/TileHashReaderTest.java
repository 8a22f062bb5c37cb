package dev.stagelight.verifier.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.merkle.MerkleTree;
import dev.stagelight.verifier.merkle.Proofs;
import dev.stagelight.verifier.source.DirectorySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileHashReaderTest {
    @TempDir
    Path dir;

    private final MerkleTree tree = new MerkleTree();

    /** A 300-leaf log: tile/0/000 (full), tile/0/001.p/44, tile/1/000.p/1. */
    @BeforeEach
    void writeLog() throws IOException {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            leaves.add(tree.appendEntry(("e" + i).getBytes()));
        }
        TileUpdate update = TileUpdate.plan(0, leaves, (level, index) -> {
            throw new AssertionError("an empty tree has nothing to read");
        });
        assertEquals(List.of("tile/0/000", "tile/0/001.p/44", "tile/1/000.p/1"), List.copyOf(update.tiles().keySet()));
        for (Map.Entry<String, byte[]> tile : update.tiles().entrySet()) {
            Files.createDirectories(dir.resolve(tile.getKey()).getParent());
            Files.write(dir.resolve(tile.getKey()), tile.getValue());
        }
    }

    @Test
    void servesEveryStoredHashIncludingLevelsInsideATile() throws IOException {
        TileHashReader reader = new TileHashReader(new DirectorySource(dir), 300);
        for (int level = 0; level <= 8; level++) {
            for (long index = 0; (index + 1) << level <= 300; index++) {
                assertArrayEquals(tree.hash(level, index), reader.hash(level, index), level + "/" + index);
            }
        }
        assertEquals(3, reader.tilesRead());
    }

    @Test
    void subtreeNotCompleteAtTheTreeSizeIsRefused() throws IOException {
        TileHashReader reader = new TileHashReader(new DirectorySource(dir), 300);
        assertThrows(IllegalArgumentException.class, () -> reader.hash(0, 300));
        assertThrows(IllegalArgumentException.class, () -> reader.hash(3, 37)); // leaves 296..303
        assertThrows(IllegalArgumentException.class, () -> reader.hash(9, 0));
    }

    @Test
    void partialTileGoneFallsBackToTheFullTile() throws IOException {
        // At size 100 the reader wants tile/0/000.p/100, which a log may delete once tile/0/000 exists.
        TileHashReader reader = new TileHashReader(new DirectorySource(dir), 100);
        assertArrayEquals(tree.root(100), Proofs.root(100, reader));
    }

    @Test
    void wrongTileLengthNamesTheFile() throws IOException {
        Path partial = dir.resolve("tile/0/001.p/44");
        byte[] bytes = Files.readAllBytes(partial);
        Files.write(partial, Arrays.copyOf(bytes, bytes.length - 1));
        TileHashReader reader = new TileHashReader(new DirectorySource(dir), 300);
        TileFormatException e = assertThrows(TileFormatException.class, () -> reader.hash(0, 299));
        assertTrue(e.getMessage().contains(partial.toString()) && e.getMessage().contains("expected 1408"),
                e.getMessage());
    }

    @Test
    void missingTileIsNoSuchFile() throws IOException {
        Files.delete(dir.resolve("tile/1/000.p/1"));
        TileHashReader reader = new TileHashReader(new DirectorySource(dir), 300);
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> reader.hash(8, 0));
        assertTrue(e.getMessage().contains("tile/1/000.p/1"), e.getMessage());
    }

    @Test
    void tamperedTileChangesTheRoot() throws IOException {
        Path full = dir.resolve("tile/0/000");
        byte[] bytes = Files.readAllBytes(full);
        bytes[5 * MerkleHash.SIZE] ^= 1;
        Files.write(full, bytes);
        TileHashReader reader = new TileHashReader(new DirectorySource(dir), 200);
        assertTrue(!Arrays.equals(tree.root(200), Proofs.root(200, reader)));
    }
}
