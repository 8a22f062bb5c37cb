package dev.stagelight.verifier.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.verifier.io.AtomicFiles;
import dev.stagelight.verifier.merkle.ConsistencyProof;
import dev.stagelight.verifier.merkle.InclusionProof;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.merkle.ProofException;
import dev.stagelight.verifier.merkle.Proofs;
import dev.stagelight.verifier.source.DirectorySource;
import dev.stagelight.verifier.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** transparency-dev/tessera's 15-entry test log, read in place: our write-side math reproduces it byte for byte. */
class TesseraLogTest {
    private static final String[] ENTRIES = ("one two three four five six seven eit nain ten ileven twelf threeten"
            + " fourten fivten").split(" ");

    @TempDir
    Path out;

    @Test
    void appendingOneEntryPerStepReproducesEveryTileAndRoot() throws IOException {
        Path log = TestData.path("tessera-log");
        for (int size = 0; size < ENTRIES.length; size++) {
            byte[] entry = ENTRIES[size].getBytes(StandardCharsets.US_ASCII);
            DirectorySource written = new DirectorySource(out);
            TileUpdate tiles = TileUpdate.plan(size, List.of(MerkleHash.leaf(entry)),
                    new TileHashReader(written, size));
            byte[] partial = EntryBundleUpdate.partialBundlePath(size).isEmpty() ? null
                    : written.read(EntryBundleUpdate.partialBundlePath(size).orElseThrow());
            Map<String, byte[]> bundles = EntryBundleUpdate.plan(size, List.of(entry), partial);

            assertEquals(List.of("tile/0/000.p/" + (size + 1)), List.copyOf(tiles.tiles().keySet()));
            assertEquals(List.of("tile/entries/000.p/" + (size + 1)), List.copyOf(bundles.keySet()));
            for (Map.Entry<String, byte[]> file : concat(tiles.tiles(), bundles)) {
                assertArrayEquals(Files.readAllBytes(log.resolve(file.getKey())), file.getValue(), file.getKey());
                Path target = out.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                AtomicFiles.createImmutable(target, file.getValue());
            }
            assertArrayEquals(checkpointRoot(log, size + 1), tiles.root(), "root of checkpoint." + (size + 1));
        }
        assertEquals(files(log.resolve("tile")), files(out.resolve("tile")));
        assertArrayEquals(checkpointRoot(log, 0), MerkleHash.emptyRoot());
    }

    @Test
    void readsTheLogAsItIs() throws IOException, ProofException {
        Path log = TestData.path("tessera-log");
        DirectorySource source = new DirectorySource(log);
        TileHashReader at15 = new TileHashReader(source, 15);
        byte[] root = checkpointRoot(log, 15);
        assertArrayEquals(root, Proofs.root(15, at15));
        for (int i = 0; i < 15; i++) {
            byte[] leaf = MerkleHash.leaf(ENTRIES[i].getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(leaf, at15.hash(0, i));
            InclusionProof.verify(i, 15, leaf, Proofs.inclusion(i, 15, at15), root);
        }
        for (int size = 1; size < 15; size++) {
            TileHashReader old = new TileHashReader(source, size);
            assertArrayEquals(checkpointRoot(log, size), Proofs.root(size, old), "checkpoint." + size);
            ConsistencyProof.verify(size, 15, checkpointRoot(log, size), root, Proofs.consistency(size, 15, at15));
        }
        assertTrue(at15.tilesRead() <= 1, "one tile serves the whole 15-entry tree, read " + at15.tilesRead());
    }

    /** The third line of the checkpoint body is the base64 root hash (note signatures are checked elsewhere). */
    private static byte[] checkpointRoot(Path log, int size) throws IOException {
        List<String> lines = Files.readAllLines(log.resolve("checkpoint." + size), StandardCharsets.UTF_8);
        assertEquals(Integer.toString(size), lines.get(1), "size line of checkpoint." + size);
        return Base64.getDecoder().decode(lines.get(2));
    }

    private static List<Map.Entry<String, byte[]>> concat(Map<String, byte[]> a, Map<String, byte[]> b) {
        List<Map.Entry<String, byte[]>> all = new ArrayList<>(a.entrySet());
        all.addAll(b.entrySet());
        return all;
    }

    private static TreeSet<String> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            TreeSet<String> names = new TreeSet<>();
            walk.filter(Files::isRegularFile).forEach(p -> names.add(dir.relativize(p).toString()));
            return names;
        }
    }
}
