package dev.stagelight.verifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.note.SignedNote;
import dev.stagelight.verifier.note.WitnessCosigner;
import dev.stagelight.verifier.testing.IndexHttpServer;
import dev.stagelight.verifier.testing.TestData;
import dev.stagelight.verifier.testing.V1Index;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --witness} and {@code --witness-threshold} through the CLI, on a real v1 index (built by {@link V1Index})
 * for {@code index} and {@code bundle}, and on the Tessera test log for {@code consistency}.
 */
class WitnessCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private V1Index index;
    private WitnessCosigner w1;
    private WitnessCosigner w2;
    private WitnessCosigner w3;

    private record Run(int code, String out, String err) {}

    @BeforeEach
    void setUp() throws Exception {
        index = V1Index.create(tmp, 5);
        w1 = new WitnessCosigner(NoteSignerKey.generate("w1.witness.example"));
        w2 = new WitnessCosigner(NoteSignerKey.generate("w2.witness.example"));
        w3 = new WitnessCosigner(NoteSignerKey.generate("w3.witness.example"));
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VerifierCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Run r = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(r.out().contains("\tat ") || r.err().contains("\tat "), r::toString);
        return r;
    }

    private Run indexRun(String command, String... more) throws Exception {
        List<String> a = new java.util.ArrayList<>(List.of(command));
        if (command.equals("bundle")) {
            a.add(index.export(tmp.resolve("export"), 3).toString());
            a.addAll(List.of("--index", index.dir.toString()));
        } else {
            a.add(index.dir.toString());
        }
        a.addAll(List.of("--log-key", index.logKey.verifierKey().encode(), "--signer-key", index.signerPem.toString(),
                "--json"));
        a.addAll(List.of(more));
        return run(a.toArray(String[]::new));
    }

    /** Rewrites {@code dir/checkpoint} with the given witnesses' cosignatures (made a minute ago) appended. */
    private static void cosign(Path dir, WitnessCosigner... witnesses) throws Exception {
        Path cp = dir.resolve("checkpoint");
        SignedNote note = SignedNote.parse(Files.readAllBytes(cp));
        Clock aMinuteAgo = Clock.fixed(Instant.now().minusSeconds(60), ZoneOffset.UTC);
        for (WitnessCosigner w : witnesses) {
            note = w.cosign(note, aMinuteAgo);
        }
        Files.write(cp, note.encode());
    }

    private static JsonNode check(Run run, String name) throws Exception {
        for (JsonNode c : JSON.readTree(run.out()).get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + run);
    }

    private String key(WitnessCosigner w) {
        return w.verifierKey().encode();
    }

    @Test
    void withoutWitnessOptionsNothingChanges() throws Exception {
        for (String command : List.of("index", "bundle")) {
            Run r = indexRun(command);
            assertEquals(0, r.code(), r::toString);
            assertFalse(r.out().contains("witness-cosignatures"), r::toString);
        }
    }

    @Test
    void anIndexCosignedByBothRequiredWitnessesVerifies() throws Exception {
        cosign(index.dir, w1, w2);
        for (String command : List.of("index", "bundle")) {
            Run r = indexRun(command, "--witness", key(w1), "--witness", key(w2));
            assertEquals(0, r.code(), r::toString);
            JsonNode c = check(r, "witness-cosignatures");
            assertEquals("ok", c.get("status").asText(), c::toString);
            assertTrue(c.get("message").asText().contains("2 of 2 witnesses cosigned (2 required)"), c::toString);
        }
        // The log's checks still ran: the whole index and the bundle's inclusion proof.
        assertEquals("ok", check(indexRun("index", "--witness", key(w1)), "merkle-root").get("status").asText());
    }

    /** Issue 9: a verifier that requires 2 of 2 rejects an index cosigned by one, naming the missing witness. */
    @Test
    void twoOfTwoRejectsAnIndexCosignedByOne() throws Exception {
        cosign(index.dir, w1);
        for (String command : List.of("index", "bundle")) {
            Run r = indexRun(command, "--witness", key(w1), "--witness", key(w2), "--witness-threshold", "2");
            assertEquals(1, r.code(), r::toString);
            JsonNode c = check(r, "witness-cosignatures");
            assertEquals("failed", c.get("status").asText(), c::toString);
            String msg = c.get("message").asText();
            assertTrue(msg.contains("1 of 2 witnesses cosigned (2 required)") && msg.contains("missing: "
                    + w2.verifierKey().keyId()) && msg.contains("valid: " + w1.verifierKey().keyId()), msg);
            assertFalse(r.out().contains("\"merkle-root\"") || r.out().contains("\"inclusion-proof\""),
                    "nothing is checked against an unwitnessed checkpoint: " + r);
        }
        Run one = indexRun("bundle", "--witness", key(w1), "--witness", key(w2), "--witness-threshold", "1");
        assertEquals(0, one.code(), one::toString);
    }

    @Test
    void aForeignOrForgedCosignatureIsNamedInvalid() throws Exception {
        // w2's cosignature of another checkpoint text, pasted under this one: a witness that never saw this tree.
        Path cp = index.dir.resolve("checkpoint");
        SignedNote note = SignedNote.parse(Files.readAllBytes(cp));
        String other = note.text().replaceFirst("\n5\n", "\n6\n");
        note = w1.cosign(note, Clock.systemUTC()).withSignature(
                w2.cosign(other, Instant.now().getEpochSecond()).toNoteSignature());
        Files.write(cp, note.encode());
        Run r = indexRun("index", "--witness", key(w1), "--witness", key(w2), "--witness", key(w3),
                "--witness-threshold", "2");
        assertEquals(1, r.code(), r::toString);
        String msg = check(r, "witness-cosignatures").get("message").asText();
        assertTrue(msg.contains("invalid: " + w2.verifierKey().keyId()) && msg.contains("does not verify")
                && msg.contains("missing: " + w3.verifierKey().keyId()), msg);
    }

    @Test
    void witnessKeysMayComeFromAFileAndTheStateAdvancesOnlyWhenWitnessed() throws Exception {
        Path keys = tmp.resolve("witnesses.txt");
        Files.writeString(keys, "# our two witnesses\n" + key(w1) + "\n" + key(w2) + "\n");
        Path state = tmp.resolve("state");
        cosign(index.dir, w1);
        Run refused = indexRun("index", "--witness", keys.toString(), "--state", state.toString());
        assertEquals(1, refused.code(), refused::toString);
        assertFalse(Files.exists(state), "an unwitnessed checkpoint must not become the state");
        cosign(index.dir, w2);
        Run ok = indexRun("index", "--witness", keys.toString(), "--state", state.toString());
        assertEquals(0, ok.code(), ok::toString);
        assertEquals(Files.readString(index.dir.resolve("checkpoint")), Files.readString(state));
    }

    @Test
    void consistencyOfTheTesseraLogOverHttpHonoursWitnesses() throws Exception {
        Path log = TestData.path("tessera-log");
        Path copy = Files.createDirectories(tmp.resolve("tessera"));
        try (Stream<Path> files = Files.walk(log)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = copy.resolve(log.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        cosign(copy, w1, w3);
        String vkey = "example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx";
        try (IndexHttpServer server = IndexHttpServer.serve(copy)) {
            String[] base = {"consistency", server.uri().toString(), "--since", log.resolve("checkpoint.5").toString(),
                    "--log-key", vkey};
            Run ok = run(concat(base, "--witness", key(w1), "--witness", key(w2), "--witness", key(w3),
                    "--witness-threshold", "2"));
            assertEquals(0, ok.code(), ok::toString);
            assertTrue(ok.out().contains("ok      witness-cosignatures"), ok::toString);
            Run refused = run(concat(base, "--witness", key(w1), "--witness", key(w2)));
            assertEquals(1, refused.code(), refused::toString);
            assertTrue(refused.out().contains("FAILED  witness-cosignatures") && refused.out().contains(
                    "missing: " + w2.verifierKey().keyId()), refused::toString);
        }
    }

    @Test
    void badWitnessOptionsAreUsageErrors() throws Exception {
        Run logKeyAsWitness = indexRun("index", "--witness", index.logKey.verifierKey().encode());
        assertEquals(2, logKeyAsWitness.code(), logKeyAsWitness::toString);
        assertTrue(logKeyAsWitness.err().contains("--witness '") && logKeyAsWitness.err().contains("type 0x04"),
                logKeyAsWitness::toString);
        Run noWitness = indexRun("index", "--witness-threshold", "1");
        assertEquals(2, noWitness.code(), noWitness::toString);
        assertTrue(noWitness.err().contains("--witness-threshold needs at least one --witness"), noWitness::toString);
        Run tooMany = indexRun("index", "--witness", key(w1), "--witness", key(w2), "--witness-threshold", "3");
        assertEquals(2, tooMany.code(), tooMany::toString);
        assertTrue(tooMany.err().contains("--witness-threshold 3: expected 1 to 2"), tooMany::toString);
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
