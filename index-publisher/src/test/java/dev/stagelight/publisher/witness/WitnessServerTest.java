package dev.stagelight.publisher.witness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.verifier.check.WitnessCheck;
import dev.stagelight.verifier.check.WitnessPolicy;
import dev.stagelight.verifier.merkle.Proofs;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteSigner;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.note.SignedNote;
import dev.stagelight.verifier.note.WitnessCosigner;
import dev.stagelight.verifier.io.AtomicFiles;
import dev.stagelight.verifier.source.DirectorySource;
import dev.stagelight.verifier.testing.TestData;
import dev.stagelight.verifier.tiles.TileHashReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The witness over HTTP on 127.0.0.1, fed the checkpoints of the Tessera test log (a real C2SP log whose signing key
 * is published, so forks of it can be signed here) with consistency proofs computed from its tiles.
 */
class WitnessServerTest {
    private static final String LOG_SKEY =
            "PRIVATE+KEY+example.com/log/testdata+33d7b496+AeymY/SZAX0jZcJ8enZ5FY1Dz+wTML2yWSkK+9DSF3eg";
    private static final Instant NOW = Instant.parse("2026-11-24T23:42:00Z");

    @TempDir
    Path tmp;

    private Path log;
    private NoteSignerKey logKey;
    private WitnessCosigner cosigner;
    private WitnessState state;
    private WitnessServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private record Reply(int status, String body, HttpResponse<String> raw) {}

    @BeforeEach
    void start() throws Exception {
        log = TestData.path("tessera-log");
        logKey = NoteSignerKey.parse(LOG_SKEY);
        cosigner = new WitnessCosigner(NoteSignerKey.generate("witness.test/w1"));
        startServer();
    }

    private void startServer() throws IOException {
        state = WitnessState.open(tmp.resolve("state"));
        Witness w = new Witness(cosigner, List.of(logKey.verifierKey()), state, Clock.fixed(NOW, ZoneOffset.UTC));
        server = WitnessServer.start(w, "/", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() throws IOException {
        // Nothing started when the shared test data is absent (the test is skipped in start()).
        if (server != null) {
            server.close();
        }
        if (state != null) {
            state.close();
        }
    }

    private byte[] checkpoint(int size) throws IOException {
        return Files.readAllBytes(log.resolve("checkpoint." + size));
    }

    private List<byte[]> proof(long from, long to) throws IOException {
        return Proofs.consistency(from, to, new TileHashReader(new DirectorySource(log), to));
    }

    private Reply submit(long old, List<byte[]> proof, byte[] note) throws Exception {
        return post(new AddCheckpointRequest(old, proof, note).encode());
    }

    private Reply post(byte[] body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(server.url().resolve("add-checkpoint"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.body(), r);
    }

    /** The reply's cosignature, appended to the note, verifies as cosignature/v1 by this witness. */
    private void assertCosigned(Reply r, byte[] note) throws Exception {
        assertEquals(200, r.status(), r::body);
        assertTrue(r.body().startsWith("\u2014 witness.test/w1 ") && r.body().endsWith("\n"), r::body);
        byte[] joined = (new String(note, StandardCharsets.UTF_8) + r.body()).getBytes(StandardCharsets.UTF_8);
        SignedNote cosigned = SignedNote.parse(joined);
        List<WitnessCheck.Verdict> v = WitnessCheck.verdicts(cosigned,
                WitnessPolicy.all(List.of(cosigner.verifierKey())), NOW);
        assertEquals(WitnessCheck.Status.VALID, v.get(0).status(), v.get(0)::reason);
        assertEquals(NOW.getEpochSecond(), v.get(0).timestamp());
    }

    private byte[] fork(long size, byte firstRootByte) throws Exception {
        byte[] root = new byte[32];
        root[0] = firstRootByte;
        return NoteSigner.sign(new Checkpoint("example.com/log/testdata", size, root).format(), logKey);
    }

    @Test
    void cosignsTheFirstCheckpointThenOnlyConsistentExtensions() throws Exception {
        assertCosigned(submit(0, List.of(), checkpoint(3)), checkpoint(3));
        assertArrayEquals(checkpoint(3), Files.readAllBytes(state.fileOf("example.com/log/testdata")));

        Reply stale = submit(0, List.of(), checkpoint(7));
        assertEquals(409, stale.status());
        assertEquals("3\n", stale.body());
        assertEquals(WitnessServer.SIZE_TYPE, stale.raw().headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(checkpoint(3), Base64.getDecoder().decode(
                stale.raw().headers().firstValue(WitnessServer.LATEST_HEADER).orElseThrow()));

        assertCosigned(submit(3, proof(3, 7), checkpoint(7)), checkpoint(7));
        assertCosigned(submit(7, List.of(), checkpoint(7)), checkpoint(7));
        Reply wrongProof = submit(7, proof(3, 7), checkpoint(15));
        assertEquals(422, wrongProof.status(), wrongProof::body);
        assertTrue(wrongProof.body().contains("does not verify"), wrongProof::body);
        assertCosigned(submit(7, proof(7, 15), checkpoint(15)), checkpoint(15));
        assertArrayEquals(checkpoint(15), Files.readAllBytes(state.fileOf("example.com/log/testdata")));
    }

    /** Checkpoints genuinely signed by the log's key but off its history: a split view the witness refuses. */
    @Test
    void forkedCheckpointsAreRefusedAndTheStateStays() throws Exception {
        assertCosigned(submit(0, List.of(), checkpoint(7)), checkpoint(7));
        Reply sameSize = submit(7, List.of(), fork(7, (byte) 1));
        assertEquals(409, sameSize.status());
        assertEquals("7\n", sameSize.body());
        assertTrue(sameSize.raw().headers().firstValue("X-Stagelight-Reason").orElseThrow().contains("fork"));
        Reply larger = submit(7, proof(7, 15), fork(15, (byte) 2));
        assertEquals(422, larger.status(), larger::body);
        assertArrayEquals(checkpoint(7), Files.readAllBytes(state.fileOf("example.com/log/testdata")));
    }

    @Test
    void theSpecsRefusalsHaveTheSpecsStatusCodes() throws Exception {
        NoteSignerKey other = NoteSignerKey.generate("other.example/log");
        byte[] unknownOrigin = NoteSigner.sign(new Checkpoint("other.example/log", 1, new byte[32]).format(), other);
        assertEquals(404, submit(0, List.of(), unknownOrigin).status());

        NoteSignerKey impostor = NoteSignerKey.generate("example.com/log/testdata");
        String text = SignedNote.parse(checkpoint(5)).text();
        Reply forbidden = submit(0, List.of(), NoteSigner.sign(text, impostor));
        assertEquals(403, forbidden.status(), forbidden::body);

        assertEquals(400, submit(6, List.of(), checkpoint(5)).status());
        assertEquals(400, post("old 01\n\n".getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(400, post(("old 0\nnot-base64!\n\n").getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(422, submit(0, proof(3, 7), checkpoint(7)).status());

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(server.url().resolve("add-checkpoint")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertEquals(413, post(new byte[WitnessServer.MAX_BODY + 1]).status());
        assertTrue(Files.notExists(state.fileOf("example.com/log/testdata")), "nothing refused may be stored");
    }

    @Test
    void aRestartedWitnessRemembersAndIgnoresAKilledWritesTempFile() throws Exception {
        assertCosigned(submit(0, List.of(), checkpoint(5)), checkpoint(5));
        stop();
        // A witness killed mid-write leaves its temp file; the state is the file it was about to replace.
        Path file = tmp.resolve("state").resolve(state.fileOf("example.com/log/testdata").getFileName());
        Files.write(AtomicFiles.tempFileOf(file), "torn".getBytes(StandardCharsets.UTF_8));
        startServer();
        Reply r = submit(0, List.of(), checkpoint(9));
        assertEquals(409, r.status());
        assertEquals("5\n", r.body());
        assertTrue(Files.notExists(AtomicFiles.tempFileOf(file)));
        assertCosigned(submit(5, proof(5, 9), checkpoint(9)), checkpoint(9));
    }

    @Test
    void oneStateFolderServesOneWitnessProcess() {
        IOException e = assertThrows(IOException.class, () -> WitnessState.open(tmp.resolve("state")));
        assertTrue(e.getMessage().contains("in use by another witness"), e::getMessage);
    }

    @Test
    void eachLogHasItsOwnRecord() throws Exception {
        stop();
        NoteSignerKey other = NoteSignerKey.generate("other.example/log");
        state = WitnessState.open(tmp.resolve("state"));
        Witness w = new Witness(cosigner, List.of(logKey.verifierKey(), other.verifierKey()), state,
                Clock.fixed(NOW, ZoneOffset.UTC));
        server = WitnessServer.start(w, "/w/", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        byte[] otherNote = NoteSigner.sign(new Checkpoint("other.example/log", 20, new byte[32]).format(), other);
        assertCosigned(submit(0, List.of(), otherNote), otherNote);
        assertCosigned(submit(0, List.of(), checkpoint(4)), checkpoint(4));
        assertEquals("20\n", submit(0, List.of(), otherNote).body());
        assertArrayEquals(otherNote, Files.readAllBytes(state.fileOf("other.example/log")));
        assertThrows(IllegalArgumentException.class, () -> new Witness(cosigner, List.of(), state, Clock.systemUTC()));
    }
}
