package dev.stagelight.publisher.tamper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.verifier.layout.IndexLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** {@code verifier bundle} refuses an export that differs from what the index recorded, or an index that lies. */
class BundleTamperTest extends FixtureTest {
    private static final ObjectMapper JSON = new ObjectMapper();



    private static TamperFixture.Run bundle(Path export, Path index, String... more) {
        List<String> a = new ArrayList<>(List.of("bundle", export.toString(), "--index", index.toString()));
        a.addAll(List.of(more));
        return run(a.toArray(String[]::new));
    }

    @Test
    void aChangedExportedFileIsNamed() throws Exception {
        Path export = TamperFixture.copy(fixture.export(12), tmp.resolve("export"));
        TamperFixture.overwrite(export.resolve("data/findings.jsonl"), "{}\n".getBytes());
        TamperFixture.Run run = bundle(export, fixture.index);
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("FAILED  subject-files: " + export.resolve("data/findings.jsonl")
                + ": SHA-256 is"), run::toString);
        assertTrue(run.out().contains("/subject/0/digest/sha256"), run::toString);
    }

    @Test
    void aMissingExportedFileIsNamed() throws Exception {
        Path export = TamperFixture.copy(fixture.export(12), tmp.resolve("export"));
        Files.delete(export.resolve("data/findings.jsonl"));
        TamperFixture.Run run = bundle(export, fixture.index);
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("data/findings.jsonl: missing"), run::toString);
    }

    @Test
    void anExportSignedByAnUntrustedKeyIsRefused() throws Exception {
        Path export = TamperFixture.copy(fixture.export(12), tmp.resolve("export"));
        String other = new String(Files.readAllBytes(fixture.export(13).resolve("manifest.dsse.json")));
        String mine = new String(Files.readAllBytes(export.resolve("manifest.dsse.json")));
        // Keep our payload, borrow another envelope's signature: valid base64, wrong signature.
        JsonNode m = JSON.readTree(mine);
        JsonNode o = JSON.readTree(other);
        ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("signatures").get(0)).set("sig",
                o.get("signatures").get(0).get("sig"));
        TamperFixture.overwrite(export.resolve("manifest.dsse.json"), JSON.writeValueAsBytes(m));
        TamperFixture.Run run = bundle(export, fixture.index);
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("FAILED  manifest-signature: " + export.resolve("manifest.dsse.json")),
                run::toString);
    }

    @ParameterizedTest(name = "entry {0}: a sibling hash flipped in its proof")
    @ValueSource(ints = {0, 200, 299})
    void aBrokenInclusionProofIsRefused(int i) throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        // Flip the level-0 hash next to entry i: it is the first hash of the inclusion proof.
        long sibling = i ^ 1;
        String tile = sibling < 256 ? "tile/0/000" : "tile/0/001.p/44";
        byte[] bytes = Files.readAllBytes(index.resolve(tile));
        bytes[(int) (sibling % 256) * 32] ^= 1;
        TamperFixture.overwrite(index.resolve(tile), bytes);
        TamperFixture.Run run = bundle(fixture.export(i), index);
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("FAILED  inclusion-proof") && run.out().contains("entry " + i
                + " does not verify against the root of " + index.resolve("checkpoint")), run::toString);
    }

    @Test
    void aLookUpPointingAtAnotherEntryIsRefused() throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        String digest = fixture.digests.get(20);
        String shard = IndexLayout.digestShard(digest);
        TamperFixture.overwrite(index.resolve(shard), ("{\"entries\":[{\"manifest_sha256\":\"" + digest
                + "\",\"seq\":21}],\"version\":1}").getBytes());
        TamperFixture.Run run = bundle(fixture.export(20), index);
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("FAILED  entry: " + index.resolve("tile/entries/000") + "#21"), run::toString);
    }

    @Test
    void aManifestMissingFromTheIndexIsReported() throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        String shard = IndexLayout.digestShard(fixture.digests.get(20));
        Files.delete(index.resolve(shard));
        TamperFixture.Run run = bundle(fixture.export(20), index);
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("FAILED  index-lookup: " + index.resolve(shard) + ": no look-up shard"),
                run::toString);
    }

    @Test
    void failuresAppearInTheJsonAndJunitReports() throws Exception {
        Path export = TamperFixture.copy(fixture.export(12), tmp.resolve("export"));
        TamperFixture.overwrite(export.resolve("data/findings.jsonl"), "{}\n".getBytes());
        Path junit = tmp.resolve("junit.xml");
        TamperFixture.Run run = bundle(export, fixture.index, "--json", "--junit", junit.toString());
        assertEquals(1, run.code(), run::toString);
        JsonNode report = JSON.readTree(run.out());
        assertEquals(false, report.get("verified").asBoolean());
        assertEquals("bundle", report.get("command").asText());
        List<String> failed = new ArrayList<>();
        report.get("checks").forEach(c -> {
            if (c.get("status").asText().equals("failed")) {
                failed.add(c.get("name").asText());
            }
        });
        assertEquals(List.of("subject-files"), failed);
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertEquals("1", xml.getDocumentElement().getAttribute("failures"));
        Element failure = (Element) xml.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").contains("data/findings.jsonl"), failure::getTextContent);
    }
}
