package dev.stagelight.publisher.tamper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.stagelight.publisher.keys.DsseSigner;
import dev.stagelight.verifier.dsse.Envelope;
import dev.stagelight.verifier.json.CanonicalJson;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.testing.IndexHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input gets a clear error naming the file and the field, exit 1 (the index is wrong) or 2 (the input cannot
 * be used at all), and never a stack trace. Entries are forged under a tree recomputed and signed with the real
 * log key, so only the entry checks stand between them and acceptance.
 */
class BadInputTest extends FixtureTest {




    /** The index with entry 7's bytes replaced by {@code change} of them, tree recomputed and re-signed. */
    private Path withEntry7(UnaryOperator<byte[]> change) throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        List<byte[]> leaves = new ArrayList<>(Forger.leaves(fixture.index, TamperFixture.SIZE));
        leaves.set(7, change.apply(leaves.get(7)));
        Forger.rewrite(index, leaves, fixture.logKey);
        return index;
    }

    private static void assertEntry7Fails(TamperFixture.Run run, String... fragments) {
        assertEquals(1, run.code(), run::toString);
        String line = run.out().lines().filter(l -> l.startsWith("FAILED  entry-format") && l.contains("000#7: "))
                .findFirst().orElse("");
        for (String f : fragments) {
            assertTrue(line.contains(f), () -> "expected \"" + f + "\" in the entry-format failure of entry 7:\n" + run);
        }
    }

    static Stream<Arguments> badEntries() {
        return Stream.of(
                Arguments.of("malformed JSON", (UnaryOperator<byte[]>) b -> "{\"v\":1,".getBytes(StandardCharsets.UTF_8),
                        "malformed JSON"),
                Arguments.of("not an object", (UnaryOperator<byte[]>) b -> "[1]".getBytes(StandardCharsets.UTF_8),
                        "expected a JSON object"),
                Arguments.of("invalid base64 signature", field("signature", sig -> {
                    ((ObjectNode) sig).put("sig", "not*base64!");
                    return sig;
                }), "/signature/sig: expected standard base64"),
                Arguments.of("non-canonical JSON", (UnaryOperator<byte[]>) b ->
                        new String(b, StandardCharsets.UTF_8).replaceFirst(",", ", ").getBytes(StandardCharsets.UTF_8),
                        "not in RFC 8785 canonical form"),
                Arguments.of("bad digest", text("manifest_sha256", "XYZ"), "/manifest_sha256: expected 64 lowercase hex"),
                Arguments.of("bad time", text("ts", "yesterday"), "/ts: expected an RFC 3339"),
                Arguments.of("unknown field", text("extra", "x"), "/extra: unknown field"),
                Arguments.of("path traversal", text("manifest_path", "../../etc/passwd"), "/manifest_path"),
                Arguments.of("absolute path", text("manifest_path", "/etc/passwd"), "/manifest_path"),
                Arguments.of("foreign host", text("manifest_path", "https://evil.example/m.json"), "/manifest_path"),
                Arguments.of("scheme-relative host", text("manifest_path", "//evil.example/m.json"), "/manifest_path"),
                Arguments.of("bundle path traversal", text("sigstore_bundle_path", "../x"), "sigstore_bundle_path"));
    }

    private static UnaryOperator<byte[]> text(String field, String value) {
        return b -> Forger.withField(b, field, TextNode.valueOf(value));
    }

    private static UnaryOperator<byte[]> field(String name, UnaryOperator<com.fasterxml.jackson.databind.JsonNode> f) {
        return b -> {
            ObjectNode entry = (ObjectNode) CanonicalJson.parse(b);
            entry.set(name, f.apply(entry.get(name)));
            return CanonicalJson.canonicalize(entry);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEntries")
    void aBadEntryIsNamedByFileAndField(String name, UnaryOperator<byte[]> change, String fragment) throws Exception {
        assertEntry7Fails(run("index", withEntry7(change).toString()), "tile/entries/000#7", fragment);
    }

    @Test
    void aManifestThatIsNotAStatementIsNamed() throws Exception {
        byte[] bad = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":".getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MerkleHash.sha256().digest(bad));
        Path index = withEntry7(b -> Forger.withField(Forger.withField(b, "manifest_sha256", TextNode.valueOf(sha)),
                "manifest_path", TextNode.valueOf(IndexLayout.manifest(sha))));
        TamperFixture.overwrite(index.resolve(IndexLayout.manifest(sha)), bad);
        TamperFixture.Run run = run("index", index.toString());
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("FAILED  manifest-format: " + index.resolve(IndexLayout.manifest(sha))),
                run::toString);
    }

    @ParameterizedTest(name = "envelope {0}")
    @ValueSource(strings = {"{\"payloadType\":", "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"@@@\",\"signatures\":[]}"})
    void aBadEnvelopeIsNamedByFileAndField(String envelope) throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        String file = IndexLayout.dsseEnvelope(fixture.digests.get(3));
        TamperFixture.overwrite(index.resolve(file), envelope.getBytes(StandardCharsets.UTF_8));
        TamperFixture.Run run = run("index", index.toString());
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("FAILED  manifest-signature: " + index.resolve(file)), run::toString);
        assertTrue(run.out().contains(envelope.contains("@@@") ? "/payload" : "JSON"), run::toString);
    }

    @Test
    void aBadLookUpShardIsNamed() throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        String shard = IndexLayout.digestShard(fixture.digests.get(5));
        TamperFixture.overwrite(index.resolve(shard), "{\"version\":1,\"entries\":[{\"seq\":\"x\"".getBytes());
        TamperFixture.Run run = run("bundle", fixture.export(5).toString(), "--index", index.toString());
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("FAILED  index-lookup: " + index.resolve(shard)), run::toString);
    }

    @Test
    void aBadExportManifestIsNamed() throws Exception {
        Path export = TamperFixture.copy(fixture.export(5), tmp.resolve("export"));
        TamperFixture.overwrite(export.resolve("manifest.dsse.json"), "{\"payload\":\"***\"}".getBytes());
        TamperFixture.Run run = run("bundle", export.toString(), "--index", fixture.index.toString());
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("FAILED  export-manifest: " + export.resolve("manifest.dsse.json")),
                run::toString);
    }

    @ParameterizedTest(name = "subject named {0}")
    @ValueSource(strings = {"../../etc/passwd", "/etc/passwd", "data/../../x"})
    void anExportSubjectOutsideTheExportIsRefused(String name) throws Exception {
        Path export = Files.createDirectories(tmp.resolve("export"));
        String statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + name
                + "\",\"digest\":{\"sha256\":\"" + "ab".repeat(32) + "\"}}],\"predicateType\":"
                + "\"https://stagelight.dev/export-manifest/v1\",\"predicate\":{}}";
        Envelope env = DsseSigner.sign(statement.getBytes(StandardCharsets.UTF_8), Envelope.IN_TOTO_PAYLOAD_TYPE,
                fixture.signer);
        Files.write(export.resolve("manifest.dsse.json"), env.toJson());
        TamperFixture.Run run = run("bundle", export.toString(), "--index", fixture.index.toString());
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("FAILED  subject-files: " + export.resolve("manifest.dsse.json")
                + " /subject/0/name"), run::toString);
        assertTrue(run.out().contains("FAILED  index-lookup"), "a manifest never appended is not in the index: " + run);
    }

    @Test
    void anExportFolderWithoutManifestIsUnusable() throws Exception {
        Path export = Files.createDirectories(tmp.resolve("empty-export"));
        TamperFixture.Run run = run("bundle", export.toString(), "--index", fixture.index.toString());
        assertEquals(2, run.code(), run::toString);
        assertTrue(run.err().contains("manifest.dsse.json") && run.err().contains("manifest.sigstore.json"),
                run::toString);
    }

    @Test
    void anOversizeFileIsRefusedNamingIt() throws Exception {
        TamperFixture.Run run = run("index", fixture.index.toString(), "--max-file-size", "4096");
        assertEquals(2, run.code(), run::toString);
        assertTrue(run.err().contains(fixture.index.resolve("tile/entries/000").toString())
                && run.err().contains("4096"), run::toString);

        Path index = fixture.copyIndex(tmp.resolve("index"));
        TamperFixture.overwrite(index.resolve("checkpoint"), new byte[5000]);
        TamperFixture.Run cp = run("index", index.toString(), "--max-file-size", "4096");
        assertEquals(2, cp.code(), cp::toString);
        assertTrue(cp.err().contains(index.resolve("checkpoint").toString()), cp::toString);
    }

    @Test
    void anOversizeFileOverHttpIsRefusedNamingTheUrl() throws Exception {
        try (IndexHttpServer server = IndexHttpServer.serve(fixture.index)) {
            server.chunked(true);
            TamperFixture.Run run = run("index", server.uri().toString(), "--max-file-size", "4096");
            assertEquals(2, run.code(), run::toString);
            assertTrue(run.err().contains(server.uri() + "tile/entries/000") && run.err().contains("4096"),
                    run::toString);
        }
    }

    @Test
    void aRedirectToAnotherHostIsRefused() throws Exception {
        try (IndexHttpServer server = IndexHttpServer.serve(fixture.index);
                IndexHttpServer other = IndexHttpServer.serve(fixture.index)) {
            server.redirect("checkpoint", "http://localhost:" + other.port() + "/checkpoint");
            TamperFixture.Run run = run("index", server.uri().toString());
            assertEquals(2, run.code(), run::toString);
            assertTrue(run.err().contains("refused redirect to http://localhost:" + other.port()), run::toString);
            assertEquals(0, other.requests());
        }
    }

    @Test
    void aServerErrorIsUnreadableInput() throws Exception {
        try (IndexHttpServer server = IndexHttpServer.serve(fixture.index)) {
            server.redirect("tile/0/000", "/tile/0/000"); // a redirect loop on one tile
            TamperFixture.Run run = run("index", server.uri().toString());
            assertEquals(2, run.code(), run::toString);
            assertTrue(run.err().contains(server.uri() + "tile/0/000") && run.err().contains("redirects"),
                    run::toString);
        }
    }

    static Stream<Arguments> badUsage() {
        return Stream.of(
                Arguments.of(List.of("index"), "DIR|URL"),
                Arguments.of(List.of("index", "/no/such/index"), "/no/such/index"),
                Arguments.of(List.of("index", "ftp://example.org/x"), "unsupported scheme"),
                Arguments.of(List.of("frobnicate"), "frobnicate"),
                Arguments.of(List.of("consistency", "."), "--since"),
                Arguments.of(List.of("bundle", "."), "--index"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUsage")
    void badUsageExitsTwo(List<String> args, String fragment) {
        TamperFixture.Run run = run(args.toArray(String[]::new));
        assertEquals(2, run.code(), run::toString);
        assertTrue(run.err().contains(fragment), run::toString);
    }

    @Test
    void badTrustFlagsExitTwoNamingTheFlag() throws Exception {
        Path notPem = Files.writeString(tmp.resolve("key.pem"), "hello");
        TamperFixture.Run noKey = TamperFixture.verifier(List.of("index", fixture.index.toString()));
        assertEquals(2, noKey.code(), noKey::toString);
        assertTrue(noKey.err().contains("--log-key"), noKey::toString);
        TamperFixture.Run badKey = TamperFixture.verifier(List.of("index", fixture.index.toString(), "--log-key",
                "name+zz+AAAA"));
        assertEquals(2, badKey.code(), badKey::toString);
        assertTrue(badKey.err().contains("--log-key 'name+zz+AAAA'"), badKey::toString);
        TamperFixture.Run badPem = TamperFixture.verifier(List.of("index", fixture.index.toString(), "--log-key",
                fixture.logVkey(), "--signer-key", notPem.toString()));
        assertEquals(2, badPem.code(), badPem::toString);
        assertTrue(badPem.err().contains("--signer-key " + notPem), badPem::toString);
    }
}
