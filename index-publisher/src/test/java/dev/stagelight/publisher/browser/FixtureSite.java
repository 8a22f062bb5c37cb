package dev.stagelight.publisher.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.append.IngestedManifest;
import dev.stagelight.publisher.append.StateDir;
import dev.stagelight.publisher.ingest.ManifestIngest;
import dev.stagelight.publisher.keys.SigningKeys;
import dev.stagelight.publisher.keys.PasswordSource;
import dev.stagelight.publisher.site.SiteRenderer;
import dev.stagelight.publisher.site.SiteTemplates;
import dev.stagelight.publisher.testing.TestIndex;
import dev.stagelight.verifier.entry.Entry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A log made by the real append path with its site rendered by the real site generator after each batch, as
 * {@code publish append} does; remembers what was appended so tests know which page proves what.
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
        for (int i = 0; i < r.entries().size(); i++) {
            Entry e = r.entries().get(i);
            entries.add(e);
            proofSize.put(e.seq(), size);
            exportIds.put(e.seq(), JSON.readTree(statements.get(i)).path("predicate").path("export_id").asText());
        }
        new SiteRenderer(site(), StateDir.besides(site()).path(), index.logKey.verifierKey(),
                SiteTemplates.create(Optional.empty()), SiteRenderer.Options.defaults()).render(false);
        return this;
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
