package dev.stagelight.verifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.verifier.note.NoteSigner;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.note.SignedNote;
import dev.stagelight.verifier.testing.IndexHttpServer;
import dev.stagelight.verifier.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI over the Tessera test log (a real C2SP tiled log of 15 plain-text entries): its checkpoints, tiles and
 * consistency verify, from the folder and over HTTP; its entries are not Stagelight v1 entries, which the
 * {@code index} command says.
 */
class VerifierCliTest {
    private static final String VKEY = "example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--log-key", VKEY));
        int code = VerifierCli.run(a.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Run r = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(r.out().contains("\tat ") || r.err().contains("\tat "), r::toString);
        return r;
    }

    private static Path log() {
        return TestData.path("tessera-log");
    }

    @ParameterizedTest(name = "since checkpoint.{0}")
    @ValueSource(ints = {1, 2, 5, 8, 14, 15})
    void everyEarlierCheckpointOfTheTesseraLogIsConsistent(int size) throws Exception {
        Run folder = run("consistency", log().toString(), "--since", log().resolve("checkpoint." + size).toString(),
                "--json");
        assertEquals(0, folder.code(), folder::toString);
        try (IndexHttpServer server = IndexHttpServer.serve(log())) {
            Run http = run("consistency", server.uri().toString(), "--since",
                    log().resolve("checkpoint." + size).toString(), "--json");
            assertEquals(0, http.code(), http::toString);
            JsonNode report = JSON.readTree(http.out());
            assertEquals(15, report.get("tree_size").asLong());
            assertTrue(report.get("files_read").asLong() <= 3, http::toString);
        }
    }

    @Test
    void theTreeVerifiesButTheEntriesAreNotV1() throws Exception {
        try (IndexHttpServer server = IndexHttpServer.serve(log())) {
            Run run = run("index", server.uri().toString(), "--json");
            assertEquals(1, run.code(), run::toString);
            JsonNode report = JSON.readTree(run.out());
            String root = null;
            for (JsonNode c : report.get("checks")) {
                String name = c.get("name").asText();
                String status = c.get("status").asText();
                if (name.equals("merkle-root") || name.equals("hash-tiles") || name.equals("checkpoint-signature")) {
                    assertEquals("ok", status, c::toString);
                    root = name.equals("merkle-root") ? c.get("message").asText() : root;
                }
                if (name.equals("entry-format")) {
                    assertEquals("failed", status);
                    assertTrue(c.get("message").asText().startsWith(server.uri() + "tile/entries/000.p/15#"), c::toString);
                }
            }
            assertTrue(root != null && root.contains("aca6c38a90af86e5f5199ee0e4105ef2c03a05b27b8daff59e4e36eefdfcddcb"));
        }
    }

    @Test
    void aRollbackAgainstTheStateFileIsRefusedWithBothNotes() throws Exception {
        Path state = tmp.resolve("state");
        Files.copy(log().resolve("checkpoint.15"), state);
        Path rolledBack = Files.createDirectories(tmp.resolve("log"));
        Files.copy(log().resolve("checkpoint.5"), rolledBack.resolve("checkpoint"));
        Run run = run("consistency", rolledBack.toString(), "--since", log().resolve("checkpoint.1").toString(),
                "--state", state.toString());
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.err().startsWith("SECURITY ERROR\n"), run::toString);
        assertTrue(run.err().contains("\texample.com/log/testdata\n\t15\n") && run.err().contains("\t5\n"), run::toString);
        assertEquals(Files.readString(log().resolve("checkpoint.15")), Files.readString(state));
    }

    @Test
    void theStateFileAdvancesOnlyAfterSuccess() throws Exception {
        Path state = tmp.resolve("state");
        Files.copy(log().resolve("checkpoint.3"), state);
        Run run = run("consistency", log().toString(), "--since", log().resolve("checkpoint.7").toString(),
                "--state", state.toString());
        assertEquals(0, run.code(), run::toString);
        assertEquals(Files.readString(log().resolve("checkpoint")), Files.readString(state));
    }

    /**
     * The Tessera log's checkpoint re-signed by a trusted key named otherwise than the log's origin: a valid signature
     * from a key trusted under another name does not vouch for this origin, unless the user states the origin.
     */
    @Test
    void aCheckpointWhoseOriginIsNotItsKeysNameIsRefusedUnlessTheOriginIsStated() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("mirror"));
        try (var files = Files.walk(log())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = copy.resolve(log().relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        NoteSignerKey mirror = NoteSignerKey.generate("mirror.example/key");
        String text = SignedNote.parse(Files.readAllBytes(log().resolve("checkpoint"))).text();
        Files.write(copy.resolve("checkpoint"), NoteSigner.sign(text, mirror));
        String since = log().resolve("checkpoint.5").toString();
        String key = mirror.verifierKey().encode();

        Run refused = run("consistency", copy.toString(), "--since", since, "--log-key", key);
        assertEquals(1, refused.code(), refused::toString);
        assertTrue(refused.out().contains("FAILED  checkpoint-origin") && refused.out().contains(
                "origin \"example.com/log/testdata\" is not the name of the trusted key that signed it"
                        + " (\"mirror.example/key\")"), refused::toString);

        Run stated = run("consistency", copy.toString(), "--since", since, "--log-key", key,
                "--origin", "example.com/log/testdata");
        assertEquals(0, stated.code(), stated::toString);
        assertTrue(stated.out().contains("ok      checkpoint-origin"), stated::toString);

        Run wrong = run("consistency", log().toString(), "--since", since, "--origin", "example.com/other");
        assertEquals(1, wrong.code(), wrong::toString);
        assertTrue(wrong.out().contains("origin \"example.com/log/testdata\" is not the expected origin"
                + " \"example.com/other\" (--origin)"), wrong::toString);
    }

    @Test
    void helpAndVersionExitZero() {
        assertEquals(0, run("--help").code());
        assertEquals(0, run("index", "--help").code());
        assertTrue(run("--version").out().contains("stagelight-verifier"));
    }

    @Test
    void noCommandIsBadUsage() {
        Run run = run();
        assertEquals(2, run.code(), run::toString);
        assertTrue(run.err().contains("--log-key") || run.err().contains("command"), run::toString);
    }
}
