package dev.stagelight.publisher.tamper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.tiles.EntryBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of tampering with a valid index makes {@code verifier index} fail (exit 1) with a message that names
 * what is wrong: bit flips and truncation of every kind of file, deleted files, dropped, duplicated and reordered
 * entries (with the tree left as it was, and with the whole tree recomputed and re-signed by the real log key),
 * a broken chain under a consistent tree, and a checkpoint re-signed by an unknown key.
 */
class TamperTest extends FixtureTest {
    /** Files of every kind in the 300-entry index (full and partial tiles, both levels). */
    static final List<String> FILES = List.of("checkpoint", "tile/0/000", "tile/0/001.p/44", "tile/1/000.p/1",
            "tile/entries/000", "tile/entries/001.p/44");




    /** Every file kind, plus a manifest and an envelope at both ends of the log. */
    static List<String> allFiles() throws Exception {
        TamperFixture f = TamperFixture.shared();
        List<String> files = new ArrayList<>(FILES);
        for (int i : new int[] {0, TamperFixture.SIZE - 1}) {
            files.add(IndexLayout.manifest(f.digests.get(i)));
            files.add(IndexLayout.dsseEnvelope(f.digests.get(i)));
        }
        return files;
    }

    static Stream<Arguments> bitFlips() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        for (String file : allFiles()) {
            long len = Files.size(fixture().index.resolve(file));
            for (double at : new double[] {0, 0.13, 0.5, 0.77, 1}) {
                long offset = Math.min(len - 1, (long) (len * at));
                cases.add(Arguments.of(file, offset, (int) (offset % 8)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "flip bit {2} of byte {1} in {0}")
    @MethodSource("bitFlips")
    void aFlippedBitAnywhereIsCaught(String file, long offset, int bit) throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        byte[] bytes = Files.readAllBytes(index.resolve(file));
        bytes[(int) offset] ^= (byte) (1 << bit);
        TamperFixture.overwrite(index.resolve(file), bytes);
        assertFailsNaming(index, file);
    }

    static Stream<Arguments> truncations() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        for (String file : allFiles()) {
            long len = Files.size(fixture().index.resolve(file));
            for (long keep : new long[] {0, 1, len / 2, len - 1}) {
                cases.add(Arguments.of(file, keep));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "truncate {0} to {1} bytes")
    @MethodSource("truncations")
    void aTruncatedFileIsCaught(String file, long keep) throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        byte[] bytes = Files.readAllBytes(index.resolve(file));
        TamperFixture.overwrite(index.resolve(file), java.util.Arrays.copyOf(bytes, (int) keep));
        assertFailsNaming(index, file);
    }

    static Stream<String> deletable() throws Exception {
        return allFiles().stream().filter(f -> !f.equals("checkpoint"));
    }

    @ParameterizedTest(name = "delete {0}")
    @MethodSource("deletable")
    void aMissingFileIsCaught(String file) throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        Files.delete(index.resolve(file));
        TamperFixture.Run run = assertFailsNaming(index, file);
        assertTrue(run.out().contains("missing"), run::toString);
    }

    @Test
    void aMissingCheckpointIsUnreadableInput() throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        Files.delete(index.resolve("checkpoint"));
        TamperFixture.Run run = verify(index);
        assertEquals(2, run.code(), run::toString);
        assertTrue(run.err().contains("checkpoint") && run.err().contains("no such file"), run::toString);
    }

    /** How the entries are rearranged. */
    enum Rearrangement { DROP, DUPLICATE, SWAP_WITH_NEXT }

    static Stream<Arguments> rearrangements() {
        List<Arguments> cases = new ArrayList<>();
        for (Rearrangement r : Rearrangement.values()) {
            for (int k : new int[] {0, 1, 128, 255, 256, 298}) {
                cases.add(Arguments.of(r, k));
            }
        }
        return cases.stream();
    }

    private static List<byte[]> rearranged(Rearrangement r, int k) throws IOException {
        List<byte[]> leaves = new ArrayList<>(Forger.leaves(fixture.index, TamperFixture.SIZE));
        switch (r) {
            case DROP -> leaves.remove(k);
            case DUPLICATE -> leaves.add(k + 1, leaves.get(k));
            case SWAP_WITH_NEXT -> Collections.swap(leaves, k, k + 1);
        }
        return leaves;
    }

    @ParameterizedTest(name = "{0} entry {1}, tree left as it was")
    @MethodSource("rearrangements")
    void rearrangedEntriesBreakTheTree(Rearrangement r, int k) throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        List<byte[]> leaves = rearranged(r, k);
        // Rewrite only the entry bundles, at the checkpoint's size; a longer list is cut, a shorter one left short.
        int changed = r == Rearrangement.DUPLICATE ? k + 1 : k;
        String bundle = changed < 256 ? "tile/entries/000" : "tile/entries/001.p/44";
        int from = changed < 256 ? 0 : 256;
        int to = Math.min(leaves.size(), changed < 256 ? 256 : TamperFixture.SIZE);
        TamperFixture.overwrite(index.resolve(bundle), EntryBundle.encode(leaves.subList(from, to)));
        TamperFixture.Run run = assertFailsNaming(index, bundle);
        assertTrue(run.out().contains(r == Rearrangement.DROP ? "entry-bundles" : "hash-tiles"), run::toString);
    }

    @ParameterizedTest(name = "{0} entry {1}, tree recomputed and re-signed with the log key")
    @MethodSource("rearrangements")
    void rearrangedEntriesUnderAConsistentTreeBreakSeqAndChain(Rearrangement r, int k) throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        Forger.rewrite(index, rearranged(r, k), fixture.logKey);
        TamperFixture.Run run = verify(index);
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("ok      merkle-root"), "the forged tree itself is consistent: " + run);
        assertTrue(run.out().contains("FAILED  entry-seq") || r == Rearrangement.DROP && k == 298,
                run::toString);
        assertTrue(run.out().contains("FAILED  entry-chain"), run::toString);
        int first = r == Rearrangement.DUPLICATE ? k + 1 : k;
        String bundle = first < 256 ? "tile/entries/000" : "tile/entries/001.p/";
        assertTrue(run.out().contains(bundle) && run.out().contains("#" + (first % 256) + ": /"), run::toString);
    }

    @ParameterizedTest(name = "prev of entry {0} broken under a recomputed tree")
    @MethodSource("chainPositions")
    void aBrokenChainUnderAConsistentTreeIsCaught(int k) throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        List<byte[]> leaves = new ArrayList<>(Forger.leaves(fixture.index, TamperFixture.SIZE));
        leaves.set(k, Forger.withField(leaves.get(k), "prev", TextNode.valueOf("ab".repeat(32))));
        Forger.rewrite(index, leaves, fixture.logKey);
        TamperFixture.Run run = verify(index);
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("ok      merkle-root"), run::toString);
        assertTrue(run.out().contains("FAILED  entry-chain") && run.out().contains("#" + (k % 256) + ": /prev"),
                run::toString);
        // The next entry's prev still names the original leaf, so the chain breaks there too.
        if (k + 1 < TamperFixture.SIZE) {
            assertTrue(run.out().contains("#" + ((k + 1) % 256) + ": /prev"), run::toString);
        }
    }

    static Stream<Integer> chainPositions() {
        return Stream.of(0, 1, 77, 255, 256, 299);
    }

    @Test
    void anEntryPointingAtAnotherManifestIsCaughtBySignature() throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        List<byte[]> leaves = new ArrayList<>(Forger.leaves(fixture.index, TamperFixture.SIZE));
        String other = fixture.digests.get(11);
        byte[] leaf = Forger.withField(leaves.get(10), "manifest_sha256", TextNode.valueOf(other));
        leaves.set(10, Forger.withField(leaf, "manifest_path", TextNode.valueOf(IndexLayout.manifest(other))));
        leaves.set(11, Forger.withField(leaves.get(11), "prev", TextNode.valueOf(
                java.util.HexFormat.of().formatHex(dev.stagelight.verifier.merkle.MerkleHash.leaf(leaves.get(10))))));
        Forger.rewrite(index, leaves, fixture.logKey);
        TamperFixture.Run run = verify(index);
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("FAILED  entry-signature") && run.out().contains("#10: /signature"),
                run::toString);
    }

    @Test
    void aCheckpointReSignedByAnUnknownKeyIsRefused() throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        Checkpoint current = Checkpoint.parse(new String(Files.readAllBytes(index.resolve("checkpoint")))
                .split("\n\n")[0] + "\n");
        Forger.sign(index, current, NoteSignerKey.generate(TamperFixture.ORIGIN));
        TamperFixture.Run run = assertFailsNaming(index, "checkpoint");
        assertTrue(run.out().contains("no signature from a trusted key"), run::toString);
    }

    @Test
    void aForgedTreeSignedByAnUnknownKeyIsRefused() throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        List<byte[]> leaves = new ArrayList<>(Forger.leaves(fixture.index, TamperFixture.SIZE));
        leaves.remove(leaves.size() - 1);
        Forger.rewrite(index, leaves, NoteSignerKey.generate(TamperFixture.ORIGIN));
        TamperFixture.Run run = assertFailsNaming(index, "checkpoint");
        assertTrue(run.out().contains("FAILED  checkpoint-signature"), run::toString);
    }

    private static TamperFixture fixture() throws Exception {
        return TamperFixture.shared();
    }

    private static TamperFixture.Run verify(Path index) {
        return run("index", index.toString());
    }

    /** Exit 1, the file named in a failed check, no stack trace. */
    static TamperFixture.Run assertFailsNaming(Path index, String file) {
        TamperFixture.Run run = verify(index);
        assertEquals(1, run.code(), run::toString);
        String named = index.resolve(file).toString();
        boolean inFailure = run.out().lines().anyMatch(l -> l.startsWith("FAILED") && l.contains(named));
        assertTrue(inFailure, () -> "no failed check names " + named + "\n" + run);
        return run;
    }
}
