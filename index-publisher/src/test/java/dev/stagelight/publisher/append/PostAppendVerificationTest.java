package dev.stagelight.publisher.append;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.keys.DsseSigner;
import dev.stagelight.publisher.testing.TestIndex;
import dev.stagelight.verifier.check.Check;
import dev.stagelight.verifier.check.CheckStatus;
import dev.stagelight.verifier.check.Report;
import dev.stagelight.verifier.dsse.Envelope;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.SignedNote;
import dev.stagelight.verifier.tiles.TilePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After signing, the appender reads the index back through the verifier and reports success only if it verifies.
 * The corruptions here happen after the checkpoint is written and before that read-back (the hook fires just before
 * the journal is dropped), as a disk fault or a stray process would cause them.
 */
class PostAppendVerificationTest {
    private static final int BASE = 3;
    private static final int K = 2;

    @TempDir Path tmp;

    @Test
    void aCleanAppendIsVerifiedFromWhatWasReadBack() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        append(t, "base", BASE, Appender.WriteHook.NONE);
        Appender.Result r = append(t, "more", K, Appender.WriteHook.NONE);
        Report report = r.verification().orElseThrow();
        assertTrue(report.verified(), () -> report.failures().toString());
        List<String> ok = report.checks().stream().filter(c -> c.status() == CheckStatus.OK).map(Check::name).toList();
        for (String name : List.of("checkpoint-signature", "consistency", "inclusion-proof", "entry-seq", "entry-chain",
                "manifest-present", "manifest-digest", "manifest-signature")) {
            assertTrue(ok.contains(name), () -> name + " not checked: " + report.checks());
        }
        assertEquals(K, report.entries());
        assertEquals(BASE + K, report.treeSize());
    }

    @Test
    void aManifestAlteredAfterWritingIsCaught() throws Exception {
        assertCaught("manifest-digest", (t, batch) -> flipByte(t.index.resolve(IndexLayout.manifest(batch.get(1).sha256()))));
    }

    @Test
    void anEnvelopeReplacedAfterWritingIsCaught() throws Exception {
        assertCaught("manifest-signature", (t, batch) -> {
            TestIndex stranger = TestIndex.create(tmp.resolve("stranger"));
            Envelope forged = DsseSigner.sign(batch.get(0).statement(), Envelope.IN_TOTO_PAYLOAD_TYPE, stranger.signer);
            overwrite(t.index.resolve(IndexLayout.dsseEnvelope(batch.get(0).sha256())), forged.toJson());
        });
    }

    @Test
    void anEntryBundleAlteredAfterWritingIsCaught() throws Exception {
        assertCaught("inclusion-proof",
                (t, batch) -> flipLastByteOf(t.index.resolve(TilePath.entryBundle(0, BASE + K).path()), "\"v\":1}", "\"v\":2}"));
    }

    /** The middle byte is in the hash of entry 2, which the consistency proof from size 3 rests on. */
    @Test
    void aHashTileAlteredAfterWritingIsCaught() throws Exception {
        assertCaught("consistency", (t, batch) -> flipByte(t.index.resolve(TilePath.hashTile(0, 0, BASE + K).path())));
    }

    /** The old checkpoint verifies on its own (a rollback); only comparing with what was signed shows it. */
    @Test
    void theOldCheckpointPutBackAfterWritingIsCaught() throws Exception {
        byte[][] old = new byte[1][];
        assertCaught("checkpoint-signature", (t, batch) -> overwrite(t.index.resolve(IndexLayout.CHECKPOINT), old[0]),
                t -> old[0] = Files.readAllBytes(t.index.resolve(IndexLayout.CHECKPOINT)));
    }

    @FunctionalInterface
    private interface Corruption {
        void apply(TestIndex t, List<IngestedManifest> batch) throws Exception;
    }

    @FunctionalInterface
    private interface Setup {
        void run(TestIndex t) throws Exception;
    }

    private void assertCaught(String check, Corruption corruption) throws Exception {
        assertCaught(check, corruption, t -> {});
    }

    /** Appends K entries to an index of BASE, corrupting it after the checkpoint is written; the read-back must fail. */
    private void assertCaught(String check, Corruption corruption, Setup beforeTheAppend) throws Exception {
        TestIndex t = TestIndex.create(tmp.resolve("index-" + check));
        append(t, "base", BASE, Appender.WriteHook.NONE);
        beforeTheAppend.run(t);
        List<IngestedManifest> batch = ingest(t, "more", K);
        int[] journals = {0};
        byte[][] signed = new byte[1][];
        Appender corrupting = t.appender(path -> {
            if (path.equals(Appender.JOURNAL) && ++journals[0] == 2) { // the checkpoint is out; the journal goes next
                signed[0] = Files.readAllBytes(t.index.resolve(IndexLayout.CHECKPOINT));
                try {
                    corruption.apply(t, batch);
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        });
        AppendVerificationException e = assertThrows(AppendVerificationException.class, () -> corrupting.append(batch));
        assertTrue(e.report().failures().stream().anyMatch(c -> c.name().equals(check)),
                () -> "expected a " + check + " failure: " + e.report().failures());
        assertTrue(e.getMessage().contains("the new checkpoint (tree size " + (BASE + K) + ", extending size " + BASE
                + ") is published, but the index does not verify when read back: "), e.getMessage());
        assertTrue(e.getMessage().contains(check + ": "), e.getMessage());
        Checkpoint published = Checkpoint.parse(SignedNote.parse(signed[0]).text());
        assertEquals(BASE + K, published.size(), "the checkpoint was written before the read-back");
        assertTrue(e.getMessage().startsWith(t.index.resolve(IndexLayout.CHECKPOINT).toString()), e.getMessage());
        if (!check.equals("checkpoint-signature")) {
            assertTrue(!t.verify().verified(), "the full verifier agrees the index is broken");
        }
    }

    private static Appender.Result append(TestIndex t, String prefix, int count, Appender.WriteHook hook) throws Exception {
        return t.appender(hook).append(ingest(t, prefix, count));
    }

    private static List<IngestedManifest> ingest(TestIndex t, String prefix, int count) throws Exception {
        List<IngestedManifest> out = new ArrayList<>();
        for (Path p : t.statements(prefix, count)) {
            out.add(t.ingest().read(p));
        }
        return out;
    }

    private static void flipByte(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 0x01;
        overwrite(file, b);
    }

    /** Changes the last occurrence of {@code from} into {@code to} (same length): the last entry of the bundle. */
    private static void flipLastByteOf(Path file, String from, String to) throws IOException {
        String s = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        int at = s.lastIndexOf(from);
        assertTrue(at >= 0, file + " holds no " + from);
        overwrite(file, (s.substring(0, at) + to + s.substring(at + from.length())).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Files are published read-only or hard-linked; replace the name, as a stray writer would. */
    private static void overwrite(Path file, byte[] bytes) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".corrupt");
        Files.write(temp, bytes);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
