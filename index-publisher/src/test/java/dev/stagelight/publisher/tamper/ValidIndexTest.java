package dev.stagelight.publisher.tamper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.verifier.testing.IndexHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

/** Nothing valid is reported invalid: the untouched index passes every command, from a folder and over HTTP. */
class ValidIndexTest extends FixtureTest {
    private static final ObjectMapper JSON = new ObjectMapper();





    @Test
    void theWholeIndexVerifies() throws Exception {
        Path junit = tmp.resolve("reports/verifier.xml");
        TamperFixture.Run run = run("index", fixture.index.toString(), "--json", "--junit", junit.toString());
        assertEquals(0, run.code(), run::toString);
        JsonNode report = JSON.readTree(run.out());
        assertTrue(report.get("verified").asBoolean());
        assertEquals(TamperFixture.SIZE, report.get("tree_size").asLong());
        assertEquals(TamperFixture.SIZE, report.get("entries").asLong());
        // checkpoint + 2 bundles + 3 hash tiles + 2 files per manifest + each digest shard once
        long shards;
        try (var files = java.nio.file.Files.walk(fixture.index.resolve("api/v1/sha256"))) {
            shards = files.filter(java.nio.file.Files::isRegularFile).count();
        }
        assertEquals(1 + 2 + 3 + 2 * TamperFixture.SIZE + shards, report.get("files_read").asLong());
        for (JsonNode c : report.get("checks")) {
            assertEquals("ok", c.get("status").asText(), c::toString);
        }
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertEquals("0", xml.getDocumentElement().getAttribute("failures"));
        assertEquals(report.get("checks").size(), xml.getElementsByTagName("testcase").getLength());
    }

    @Test
    void theHumanSummaryEndsWithTheVerdict() {
        TamperFixture.Run run = run("index", fixture.index.toString());
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("VERIFIED: index"), run::toString);
        assertTrue(run.out().contains("merkle-root"), run::toString);
        assertFalse(run.out().contains("FAILED"), run::toString);
    }

    @Test
    void theIndexVerifiesOverHttp() throws Exception {
        try (IndexHttpServer server = IndexHttpServer.serve(fixture.index)) {
            TamperFixture.Run run = run("index", server.uri().toString(), "--json");
            assertEquals(0, run.code(), run::toString);
            assertEquals(server.uri().toString(), JSON.readTree(run.out()).get("target").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 99, 100, 255, 256, 257, 299})
    void everyExportVerifiesAgainstTheIndexReadingFewFiles(int i) throws Exception {
        TamperFixture.Run run = run("bundle", fixture.export(i).toString(), "--index",
                fixture.index.toString(), "--json");
        assertEquals(0, run.code(), run::toString);
        JsonNode report = JSON.readTree(run.out());
        // export: manifest + 1 file; index: checkpoint, shard, entry bundle and at most 3 hash tiles
        assertTrue(report.get("files_read").asLong() <= 2 + 6, run::toString);
        assertTrue(run.out().contains("is entry " + i), run::toString);
    }

    @Test
    void anExportVerifiesOverHttp() throws Exception {
        try (IndexHttpServer server = IndexHttpServer.serve(fixture.index)) {
            TamperFixture.Run run = run("bundle", fixture.export(42).toString(), "--index",
                    server.uri().toString());
            assertEquals(0, run.code(), run::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 256, TamperFixture.SIZE})
    void everyEarlierCheckpointIsConsistentWithTheCurrentOne(int size) {
        TamperFixture.Run run = run("consistency", fixture.index.toString(), "--since",
                fixture.oldCheckpoint(size).toString());
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains(size == TamperFixture.SIZE ? "same tree" : "extends"), run::toString);
    }

    @Test
    void theStateFileIsCreatedThenAdvancedAfterSuccess() throws Exception {
        Path state = tmp.resolve("state/last-checkpoint");
        Files.createDirectories(state.getParent());
        Files.copy(fixture.oldCheckpoint(100), state);
        TamperFixture.Run run = run("index", fixture.index.toString(), "--state",
                state.toString());
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("state: "), run::toString);
        assertEquals(Files.readString(fixture.index.resolve("checkpoint")), Files.readString(state));

        Path fresh = tmp.resolve("fresh-state");
        TamperFixture.Run first = run("consistency", fixture.index.toString(), "--since",
                fixture.oldCheckpoint(256).toString(), "--state", fresh.toString());
        assertEquals(0, first.code(), first::toString);
        assertTrue(first.out().contains("trusting"), first::toString);
        assertEquals(Files.readString(fixture.index.resolve("checkpoint")), Files.readString(fresh));
    }
}
