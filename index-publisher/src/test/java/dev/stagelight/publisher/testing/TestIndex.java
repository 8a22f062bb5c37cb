package dev.stagelight.publisher.testing;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.append.StateDir;
import dev.stagelight.publisher.ingest.ManifestIngest;
import dev.stagelight.publisher.keys.Signer;
import dev.stagelight.publisher.keys.SigningKeys;
import dev.stagelight.verifier.check.IndexVerifier;
import dev.stagelight.verifier.check.Report;
import dev.stagelight.verifier.check.Trust;
import dev.stagelight.verifier.io.AtomicFiles;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.source.DirectorySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fresh index with real keys in a temp folder, for publisher tests: {@code keys/log.key} (note key),
 * {@code keys/signing.key.pem} (Ed25519 manifest key), the index in {@code index/} and its state in {@code index.state/}.
 */
public final class TestIndex {
    public static final String ORIGIN = "test.stagelight.dev/log";
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T23:42:00Z"), ZoneOffset.UTC);

    public final Path root;
    public final Path index;
    public final Path logKeyFile;
    public final Path signingKeyFile;
    public final NoteSignerKey logKey;
    public final Signer signer;

    private TestIndex(Path root) throws Exception {
        this.root = root;
        this.index = root.resolve("index");
        Path keys = root.resolve("keys");
        Files.createDirectories(keys);
        this.logKey = NoteSignerKey.generate(ORIGIN);
        this.logKeyFile = keys.resolve("log.key");
        AtomicFiles.createImmutable(logKeyFile, logKey.encode().getBytes(StandardCharsets.UTF_8));
        this.signingKeyFile = keys.resolve("signing.key.pem");
        this.signer = SigningKeys.generateEd25519(signingKeyFile);
    }

    /** Keys and an initialised, empty index. */
    public static TestIndex create(Path root) throws Exception {
        TestIndex t = new TestIndex(root);
        Files.createDirectories(t.index);
        t.appender(Appender.WriteHook.NONE).init();
        return t;
    }

    public Appender appender(Appender.WriteHook hook) {
        return new Appender(index, StateDir.besides(index), logKey, CLOCK, DirectorySource::new, hook);
    }

    public ManifestIngest ingest() {
        return new ManifestIngest(List.of(), signer, ManifestIngest.Defaults.NONE);
    }

    /** Writes {@code count} distinct unsigned export statements named {@code <prefix>-<i>.json}; returns their paths. */
    public List<Path> statements(String prefix, int count) throws IOException {
        Path dir = root.resolve("in");
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path f = dir.resolve(prefix + "-" + i + ".json");
            Files.writeString(f, statement(prefix + "-" + i, "tenant-" + (i % 7), i % 2 == 0 ? "eu-west-1" : "us-east-1"));
            out.add(f);
        }
        return out;
    }

    /** Command-line arguments that append {@code count} new statements named {@code <prefix>-<i>} with this index's keys. */
    public String[] appendArgs(String prefix, int count) throws IOException {
        List<String> args = new ArrayList<>(List.of("append", index.toString(), "--log-key", logKeyFile.toString(),
                "--key", signingKeyFile.toString()));
        statements(prefix, count).forEach(p -> args.add(p.toString()));
        return args.toArray(String[]::new);
    }

    /** An unsigned in-toto Statement v1 export manifest. */
    public static String statement(String exportId, String tenant, String region) {
        return "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"exports/" + exportId
                + "/findings.jsonl\",\"digest\":{\"sha256\":\"" + "0".repeat(63) + "1\"}}],"
                + "\"predicateType\":\"https://stagelight.dev/export-manifest/v1\",\"predicate\":{\"export_id\":\"" + exportId
                + "\",\"tenant\":\"" + tenant + "\",\"region\":\"" + region + "\",\"created\":\"2026-11-24T12:00:00Z\","
                + "\"producer\":{\"name\":\"test\"},\"policy\":{\"set\":\"baseline\",\"version\":\"1\"}}}";
    }

    /** Full read-side verification (checkpoint signature, root from entries and tiles, chain, manifests, signatures). */
    public Report verify() throws IOException {
        return new IndexVerifier(new Trust(List.of(logKey.verifierKey()), List.of(signer.publicKey()), Optional.empty()), 1,
                n -> {}).verify(new DirectorySource(index));
    }
}
