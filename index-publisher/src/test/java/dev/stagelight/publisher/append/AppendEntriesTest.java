package dev.stagelight.publisher.append;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.ingest.IngestException;
import dev.stagelight.publisher.ingest.ManifestIngest;
import dev.stagelight.publisher.keys.DsseSigner;
import dev.stagelight.publisher.testing.TestIndex;
import dev.stagelight.verifier.check.Report;
import dev.stagelight.verifier.dsse.Envelope;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.entry.EntryKind;
import dev.stagelight.verifier.layout.DigestShard;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.merkle.MerkleHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendEntriesTest {
    @TempDir Path tmp;

    private static List<Path> examples() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("..", "examples", "exports"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static List<IngestedManifest> ingest(ManifestIngest ingest, List<Path> files) throws Exception {
        List<IngestedManifest> out = new ArrayList<>();
        for (Path f : files) {
            out.add(ingest.read(f));
        }
        return out;
    }

    @Test
    void appendsExampleManifestsAsChainedEntriesThatVerify() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        List<Path> files = examples();
        Appender.Result first = t.appender(Appender.WriteHook.NONE).append(ingest(t.ingest(), files.subList(0, 2)));
        Appender.Result second = t.appender(Appender.WriteHook.NONE).append(ingest(t.ingest(), files.subList(2, files.size())));
        assertEquals(files.size(), second.checkpoint().size());
        assertEquals(2, second.firstSeq());

        List<Entry> all = new ArrayList<>(first.entries());
        all.addAll(second.entries());
        String prev = Entry.NO_PREV;
        for (int i = 0; i < all.size(); i++) {
            Entry e = all.get(i);
            assertEquals(i, e.seq());
            assertEquals(prev, e.prev(), "prev of entry " + i);
            assertEquals(EntryKind.EXPORT, e.kind());
            assertEquals("ed25519", e.signature().alg());
            assertEquals(t.signer.keyId(), e.signature().keyid());
            byte[] manifest = Files.readAllBytes(t.index.resolve(e.manifestPath()));
            assertEquals(e.manifestSha256(), HexFormat.of().formatHex(MerkleHash.sha256().digest(manifest)));
            assertTrue(Files.exists(t.index.resolve(IndexLayout.dsseEnvelope(e.manifestSha256()))));
            DigestShard shard = DigestShard.parse(Files.readAllBytes(t.index.resolve(IndexLayout.digestShard(e.manifestSha256()))), "shard");
            assertEquals(List.of((long) i), shard.seqsOf(e.manifestSha256()));
            prev = HexFormat.of().formatHex(MerkleHash.leaf(e.toCanonicalBytes()));
        }
        assertEquals("acme-health", all.get(0).tenant());
        assertEquals("eu-west-1", all.get(0).region());

        Report report = t.verify();
        assertTrue(report.verified(), () -> report.failures().toString());
        assertEquals(files.size(), report.entries());
    }

    @Test
    void acceptsAPreSignedEnvelopeAndRefusesOneFromAnUntrustedKey() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        byte[] statement = TestIndex.statement("exp-1", "acme", "eu-west-1").getBytes(StandardCharsets.UTF_8);
        Envelope env = DsseSigner.sign(statement, Envelope.IN_TOTO_PAYLOAD_TYPE, t.signer);
        Path file = tmp.resolve("exp-1.dsse.json");
        Files.write(file, env.toJson());

        ManifestIngest trusting = new ManifestIngest(List.of(t.signer.publicKey()), null, ManifestIngest.Defaults.NONE);
        IngestedManifest m = trusting.read(file);
        assertArrayEquals(statement, m.statement(), "a signed payload is published as it is, byte for byte");
        t.appender(Appender.WriteHook.NONE).append(List.of(m));
        assertTrue(t.verify().verified());

        TestIndex other = TestIndex.create(tmp.resolve("other"));
        ManifestIngest untrusting = new ManifestIngest(List.of(other.signer.publicKey()), null, ManifestIngest.Defaults.NONE);
        IngestException e = assertThrows(IngestException.class, () -> untrusting.read(file));
        assertTrue(e.getMessage().contains("no signature verifies with a trusted key"), e.getMessage());
    }

    @Test
    void refusesACheckpointSignedByAnotherKeyAndChangesNothing() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        TestIndex other = TestIndex.create(tmp.resolve("other"));
        byte[] before = Files.readAllBytes(t.index.resolve("checkpoint"));
        Appender wrongKey = new Appender(t.index, StateDir.besides(t.index), other.logKey, TestIndex.CLOCK,
                dev.stagelight.verifier.source.DirectorySource::new, Appender.WriteHook.NONE);
        AppendException e = assertThrows(AppendException.class,
                () -> wrongKey.append(ingest(t.ingest(), t.statements("x", 1))));
        assertTrue(e.getMessage().contains("checkpoint"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(t.index.resolve("checkpoint")));
        assertFalse(Files.exists(t.index.resolve("tile")));
    }

    /** A publisher that bypasses our lock (another state folder) and moves the checkpoint is caught before signing. */
    @Test
    void checkpointChangedDuringTheAppendIsNotOverwritten() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        t.appender(Appender.WriteHook.NONE).append(ingest(t.ingest(), t.statements("base", 2)));
        Path cp = t.index.resolve("checkpoint");
        byte[] foreign = dev.stagelight.verifier.note.NoteSigner.sign(
                new dev.stagelight.verifier.note.Checkpoint(TestIndex.ORIGIN, 2, new byte[32]).format(), t.logKey);
        Appender racing = t.appender(path -> {
            if (path.startsWith("tile/0/")) {
                Files.write(cp, foreign);
            }
        });
        AppendException e = assertThrows(AppendException.class, () -> racing.append(ingest(t.ingest(), t.statements("x", 1))));
        assertTrue(e.getMessage().contains("changed by another publisher"), e.getMessage());
        assertArrayEquals(foreign, Files.readAllBytes(cp), "the other publisher's checkpoint is left alone");
    }

    @Test
    void leafOverTheBundleLimitIsRefusedBeforeAnythingIsWritten() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        OversizeEntryException e = assertThrows(OversizeEntryException.class,
                () -> t.appender(Appender.WriteHook.NONE).appendLeaves(List.of(new byte[10], new byte[65_536])));
        assertTrue(e.getMessage().startsWith("leaf 1 of the batch: the leaf (the file's whole content) is 65536 bytes"),
                e.getMessage());
        assertFalse(Files.exists(t.index.resolve("tile")));
    }

    /**
     * In-process crash at every write of a batch (the hook throws, nothing after it runs), then a second batch: the
     * journal replays the first, every immutable file matches, and both batches end up in the log once.
     */
    @Test
    void everyInterruptedBatchIsRecoveredByTheNextAppend() throws Exception {
        for (int stop = 1; ; stop++) {
            Path dir = tmp.resolve("run-" + stop);
            TestIndex t = TestIndex.create(dir);
            t.appender(Appender.WriteHook.NONE).append(ingest(t.ingest(), t.statements("base", 3)));
            int at = stop;
            int[] n = {0};
            String[] crashedBefore = {null};
            Appender crashing = t.appender(path -> {
                if (++n[0] == at) {
                    crashedBefore[0] = path;
                    throw new IOException("simulated crash before writing " + path);
                }
            });
            boolean crashed;
            try {
                crashing.append(ingest(t.ingest(), t.statements("lost", 2)));
                crashed = false;
            } catch (IOException e) {
                crashed = true;
            }
            Report mid = t.verify();
            assertTrue(mid.verified(), () -> "after a crash at write " + at + ": " + mid.failures());
            Appender.Result next = t.appender(Appender.WriteHook.NONE).append(ingest(t.ingest(), t.statements("next", 2)));
            Report end = t.verify();
            assertTrue(end.verified(), () -> "after recovery from write " + at + ": " + end.failures());
            // Before the journal is saved the batch is lost; once the checkpoint is written, the journal is stale.
            boolean lost = at == 1;
            boolean committed = !lost && Appender.JOURNAL.equals(crashedBefore[0]);
            assertEquals(lost ? 5 : 7, next.checkpoint().size(), "base 3 + interrupted 2 + next 2, crash at write " + at);
            assertEquals(crashed && !lost && !committed ? 2 : 0, next.recovered(), "crash at write " + at);
            if (!crashed) {
                return;
            }
        }
    }
}
