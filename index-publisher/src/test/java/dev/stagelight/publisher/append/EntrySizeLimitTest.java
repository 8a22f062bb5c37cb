package dev.stagelight.publisher.append;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.keys.DsseSigner;
import dev.stagelight.publisher.testing.TestIndex;
import dev.stagelight.verifier.dsse.Envelope;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.entry.EntryKind;
import dev.stagelight.verifier.entry.EntrySignature;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.merkle.MerkleHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An entry bundle stores each leaf after a uint16 length, so a leaf holds at most 65,535 bytes: one at the limit is
 * appended (and verifies), one byte more is refused before anything is written, naming the input and the field.
 */
class EntrySizeLimitTest {
    private static final String SOURCE = "exports/padded.dsse.json";

    @TempDir Path tmp;

    @Test
    void anEntryOfExactly65535BytesIsAppended() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        IngestedManifest m = manifestWithEntryOf(t, Appender.MAX_LEAF_SIZE);
        Appender.Result r = t.appender(Appender.WriteHook.NONE).append(List.of(m));
        assertEquals(1, r.checkpoint().size());
        assertEquals(2 + 65_535, Files.size(t.index.resolve("tile/entries/000.p/1")), "length prefix + entry");
        assertTrue(r.verification().orElseThrow().verified());
        var full = t.verify();
        assertTrue(full.verified(), () -> full.failures().toString());
    }

    @Test
    void anEntryOneByteOverIsRefusedAndNothingIsWritten() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        byte[] checkpoint = Files.readAllBytes(t.index.resolve(IndexLayout.CHECKPOINT));
        IngestedManifest m = manifestWithEntryOf(t, Appender.MAX_LEAF_SIZE + 1);
        OversizeEntryException e = assertThrows(OversizeEntryException.class,
                () -> t.appender(Appender.WriteHook.NONE).append(List.of(m)));
        assertTrue(e.getMessage().startsWith(SOURCE + ": its entry (seq 0) is 65536 bytes, over the 65535-byte limit"
                + " of an entry bundle; /signature/sig alone is "), e.getMessage());
        assertNothingWritten(t, checkpoint);
    }

    @Test
    void rawLeavesAtAndOverTheLimit() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        t.appender(Appender.WriteHook.NONE).appendLeaves(List.of(new byte[65_535]), List.of("at-limit.bin"));
        byte[] checkpoint = Files.readAllBytes(t.index.resolve(IndexLayout.CHECKPOINT));
        List<String> written = listIndex(t);
        OversizeEntryException e = assertThrows(OversizeEntryException.class,
                () -> t.appender(Appender.WriteHook.NONE).appendLeaves(List.of(new byte[10], new byte[65_536]),
                        List.of("small.bin", "big.bin")));
        assertEquals("big.bin: the leaf (the file's whole content) is 65536 bytes, over the 65535-byte limit of an"
                + " entry bundle", e.getMessage());
        assertArrayEquals(checkpoint, Files.readAllBytes(t.index.resolve(IndexLayout.CHECKPOINT)));
        assertEquals(written, listIndex(t), "no file added");
    }

    static void assertNothingWritten(TestIndex t, byte[] checkpoint) throws Exception {
        assertArrayEquals(checkpoint, Files.readAllBytes(t.index.resolve(IndexLayout.CHECKPOINT)), "checkpoint");
        assertEquals(List.of(IndexLayout.CHECKPOINT), listIndex(t), "only the checkpoint in the index");
        assertFalse(StateDir.besides(t.index).pending().isPresent(), "no journal");
    }

    private static List<String> listIndex(TestIndex t) throws Exception {
        try (var s = Files.walk(t.index)) {
            return s.filter(Files::isRegularFile).map(p -> t.index.relativize(p).toString()).sorted().toList();
        }
    }

    /**
     * A manifest whose entry at seq 0 is exactly {@code size} bytes. Ingest never makes such an entry (its fields are
     * short); a library caller can, through a signature field: the envelope carries, besides the publisher's
     * signature, a padding signature that the entry records. Such an entry still verifies.
     */
    private static IngestedManifest manifestWithEntryOf(TestIndex t, int size) throws Exception {
        byte[] statement = TestIndex.statement("padded", "acme", "eu-west-1").getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MerkleHash.sha256().digest(statement));
        int base = entry(t, sha, "k", "AAAA").toCanonicalBytes().length - 1 - 4;
        int sigLength = (size - base - 1) / 4 * 4;
        String keyid = "k".repeat(size - base - sigLength);
        String sig = "A".repeat(sigLength);
        assertEquals(size, entry(t, sha, keyid, sig).toCanonicalBytes().length);
        Envelope signed = DsseSigner.sign(statement, Envelope.IN_TOTO_PAYLOAD_TYPE, t.signer);
        List<Envelope.Signature> sigs = new ArrayList<>(signed.signatures());
        sigs.add(new Envelope.Signature(keyid, Base64.getDecoder().decode(sig)));
        Envelope padded = new Envelope(signed.payloadType(), statement, sigs);
        return new IngestedManifest(SOURCE, sha, statement, padded.toJson(), new EntrySignature("ed25519", keyid, sig),
                null, "acme", "eu-west-1", EntryKind.EXPORT, t.signer.publicKey());
    }

    private static Entry entry(TestIndex t, String sha, String keyid, String sig) {
        return new Entry(0, TestIndex.CLOCK.instant().truncatedTo(ChronoUnit.SECONDS), "acme", "eu-west-1",
                EntryKind.EXPORT, sha, new EntrySignature("ed25519", keyid, sig), null, null, Entry.NO_PREV);
    }
}
