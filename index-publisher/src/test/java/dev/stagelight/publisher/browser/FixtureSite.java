package dev.stagelight.publisher.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.append.IngestedManifest;
import dev.stagelight.publisher.ingest.ManifestIngest;
import dev.stagelight.publisher.keys.SigningKeys;
import dev.stagelight.publisher.keys.PasswordSource;
import dev.stagelight.publisher.testing.TestIndex;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.merkle.MerkleHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A log made by the real append path plus the few pages the browser scripts need, written to the page contract of
 * SITE-CONTRACT.md (entry page verify block, search form, kept checkpoints, export-id shards). It stands in for the
 * site generator in these script tests; it shows only numbers and digests, never manifest text.
 */
final class FixtureSite {
    private static final ObjectMapper JSON = new ObjectMapper();

    final TestIndex index;
    final String vkey;
    /** seq -> the tree size its page was first rendered at (its kept checkpoint). */
    final Map<Long, Long> proofSize = new TreeMap<>();
    final List<Entry> entries = new ArrayList<>();
    final Map<Long, String> exportIds = new TreeMap<>();

    private FixtureSite(TestIndex index) {
        this.index = index;
        this.vkey = index.logKey.verifierKey().encode();
    }

    static FixtureSite create(Path dir) throws Exception {
        return new FixtureSite(TestIndex.create(dir));
    }

    Path site() {
        return index.index;
    }

    /** Appends one batch of statements (JSON text) and renders what it added, as an incremental render would. */
    FixtureSite append(List<String> statements) throws Exception {
        return append(statements, index.ingest());
    }

    /** The same, signing the statements with another ingest's key (an ECDSA P-256 signer, say). */
    FixtureSite append(List<String> statements, ManifestIngest ingest) throws Exception {
        List<IngestedManifest> batch = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            batch.add(ingest.read(statements.get(i).getBytes(StandardCharsets.UTF_8), "statement " + i));
        }
        Appender.Result r = index.appender(Appender.WriteHook.NONE).append(batch);
        long size = r.checkpoint().size();
        Files.createDirectories(site().resolve("checkpoints"));
        Files.copy(site().resolve("checkpoint"), site().resolve("checkpoints/" + size));
        for (int i = 0; i < r.entries().size(); i++) {
            Entry e = r.entries().get(i);
            entries.add(e);
            proofSize.put(e.seq(), size);
            exportIds.put(e.seq(), JSON.readTree(statements.get(i)).path("predicate").path("export_id").asText());
            entryPage(e, size);
        }
        exportIdShards();
        searchPage();
        staticFiles();
        return this;
    }

    static String page(String root, String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\n<body><main>\n"
                + body + "\n</main></body></html>\n";
    }

    private void entryPage(Entry e, long size) throws IOException {
        String root = "../../";
        String body = "<h1>Entry " + e.seq() + "</h1>\n"
                + "<section id=\"verify\" aria-labelledby=\"verify-h\" data-root=\"" + root + "\" data-seq=\"" + e.seq()
                + "\" data-proof-size=\"" + size + "\" data-manifest=\"" + e.manifestPath() + "\" data-envelope=\"manifests/"
                + e.manifestSha256() + ".dsse.json\">\n<h2 id=\"verify-h\">Verify in your browser</h2>\n"
                + "<label for=\"verify-key\">Log verifier key</label><input id=\"verify-key\" value=\"" + vkey
                + "\" spellcheck=\"false\">\n<p class=\"warning\">A key served by this site proves nothing about this site:"
                + " compare it with one published elsewhere.</p>\n<button type=\"button\" id=\"verify-button\">Verify</button>\n"
                + "<ol id=\"verify-steps\" aria-live=\"polite\"></ol>\n</section>\n"
                + "<script src=\"" + root + "static/js/verify.js\" defer></script>";
        write("entries/" + e.seq() / 256 + "/" + e.seq() + ".html", page(root, "Entry " + e.seq(), body));
    }

    private void searchPage() throws IOException {
        String body = "<h1>Search</h1>\n<form id=\"search-form\" action=\"search.html\" method=\"get\" role=\"search\">"
                + "<label for=\"q\">Manifest SHA-256, export id or sequence number</label> <input id=\"q\" name=\"q\">"
                + " <button>Search</button></form>\n<div id=\"search-results\" aria-live=\"polite\"></div>\n"
                + "<script src=\"static/js/search.js\" defer></script>";
        write("search.html", page("", "Search", body));
    }

    /** {@code api/v1/export-id/<ab>/<cd>.json}, keyed by SHA-256 of the UTF-8 export id, sorted by id then seq. */
    private void exportIdShards() throws IOException {
        Map<String, TreeMap<String, List<Entry>>> shards = new TreeMap<>();
        for (Entry e : entries) {
            String id = exportIds.get(e.seq());
            String h = HexFormat.of().formatHex(MerkleHash.sha256().digest(id.getBytes(StandardCharsets.UTF_8)));
            shards.computeIfAbsent("api/v1/export-id/" + h.substring(0, 2) + "/" + h.substring(2, 4) + ".json",
                    k -> new TreeMap<>()).computeIfAbsent(id, k -> new ArrayList<>()).add(e);
        }
        for (var s : shards.entrySet()) {
            ObjectNode root = JSON.createObjectNode().put("version", 1);
            ArrayNode list = root.putArray("entries");
            s.getValue().forEach((id, es) -> es.forEach(e -> list.addObject().put("export_id", id).put("seq", e.seq())
                    .put("manifest_sha256", e.manifestSha256())));
            write(s.getKey(), JSON.writeValueAsString(root));
        }
    }

    private void staticFiles() throws IOException {
        for (String name : List.of("verify.js", "search.js")) {
            try (InputStream in = FixtureSite.class.getResourceAsStream("/stagelight-site/static/js/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("stagelight-site/static/js/" + name + " is not on the classpath");
                }
                write("static/js/" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    private void write(String path, String text) throws IOException {
        Path p = site().resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** An export statement whose every string field is {@code text}-based (export id, subject names, producer). */
    static String statement(String exportId, String tenant, String region, String subjectName, String producer) {
        ObjectNode s = JSON.createObjectNode().put("_type", "https://in-toto.io/Statement/v1");
        s.putArray("subject").addObject().put("name", subjectName).putObject("digest").put("sha256", "0".repeat(63) + "1");
        s.put("predicateType", "https://stagelight.dev/export-manifest/v1");
        ObjectNode p = s.putObject("predicate").put("export_id", exportId).put("tenant", tenant).put("region", region)
                .put("created", "2026-11-24T12:00:00Z");
        p.putObject("producer").put("name", producer);
        p.putObject("policy").put("set", "baseline").put("version", "1");
        return s.toString();
    }

    /** An ingest that signs with a fresh ECDSA P-256 key (PKCS#8 PEM under {@code dir}). */
    static ManifestIngest ecdsaIngest(Path dir) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        byte[] pkcs8 = g.generateKeyPair().getPrivate().getEncoded();
        Path pem = dir.resolve("ecdsa.key.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n");
        return new ManifestIngest(List.of(), SigningKeys.load(pem, PasswordSource.none()), ManifestIngest.Defaults.NONE);
    }

    static List<String> statements(String prefix, int from, int count) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(statement(prefix + "-" + i, "tenant-" + (i % 3), i % 2 == 0 ? "eu-west-1" : "us-east-1",
                    "exports/" + prefix + "-" + i + "/findings.jsonl", "test"));
        }
        return out;
    }
}
