package dev.stagelight.publisher.bench;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.append.IngestedManifest;
import dev.stagelight.publisher.append.StateDir;
import dev.stagelight.publisher.ingest.ManifestIngest;
import dev.stagelight.publisher.keys.Signer;
import dev.stagelight.publisher.keys.SigningKeys;
import dev.stagelight.verifier.io.AtomicFiles;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.source.DirectorySource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Benchmark: builds an index of N realistic entries (unsigned export statements signed with an Ed25519 key, one
 * DSSE envelope and one manifest per entry) through the normal append path, in batches, and prints the time.
 * <pre>
 *   GenerateIndex DIR ENTRIES [BATCH] [WRITE_THREADS]
 * </pre>
 * Writes keys to {@code DIR/keys} (log.key, log.vkey, signing.key.pem, signing.pub.pem) and the index to
 * {@code DIR/index}. Continues an existing index in DIR up to ENTRIES.
 */
public final class GenerateIndex {
    static final String ORIGIN = "bench.stagelight.dev/exports";
    private static final String[] REGIONS = {"eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-southeast-2", "ca-central-1"};

    private GenerateIndex() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: GenerateIndex DIR ENTRIES [BATCH] [WRITE_THREADS]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        long entries = Long.parseLong(args[1]);
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        Keys keys = Keys.openOrCreate(dir.resolve("keys"));
        Path index = dir.resolve("index");
        // Trusting our own signer lets the read-back check after each append verify the manifests too (and lets an
        // existing index be continued: the empty append below reads it back).
        Appender appender = keys.appender(index).withWriteThreads(threads).withBatchSync()
                .withManifestTrust(List.of(keys.signer().publicKey()), Optional.empty());
        if (!Files.exists(index.resolve("checkpoint"))) {
            Files.createDirectories(index);
            appender.init();
        }
        ManifestIngest ingest = new ManifestIngest(List.of(), keys.signer(), ManifestIngest.Defaults.NONE);
        long size = appender.appendLeaves(List.of()).checkpoint().size();
        long start = System.nanoTime();
        long startSize = size;
        while (size < entries) {
            int n = (int) Math.min(batch, entries - size);
            List<IngestedManifest> manifests = manifests(ingest, size, n);
            size = appender.append(manifests).checkpoint().size();
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf("generate: %,d entries (%.0f s, %.0f entries/s)%n", size, s, (size - startSize) / s);
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("generate: done, %,d entries in %s (%,d appended in %.1f s)%n", size, index, size - startSize, s);
    }

    /** {@code n} distinct export statements numbered from {@code first}, ingested (canonicalized, signed) in parallel. */
    static List<IngestedManifest> manifests(ManifestIngest ingest, long first, int n) {
        return IntStream.range(0, n).parallel().mapToObj(i -> {
            long id = first + i;
            try {
                return ingest.read(statement(id).getBytes(StandardCharsets.UTF_8), "generated #" + id);
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }).toList();
    }

    static String statement(long id) {
        String export = String.format("exp-2026-11-%02d-%08d", 1 + id % 28, id);
        String tenant = String.format("tenant-%03d", id % 250);
        String region = REGIONS[(int) (id % REGIONS.length)];
        StringBuilder subjects = new StringBuilder();
        String[] files = {"findings.jsonl", "sbom.cdx.json", "summary.csv"};
        for (int f = 0; f < files.length; f++) {
            if (f > 0) {
                subjects.append(',');
            }
            String digest = Long.toHexString(id * 31 + f);
            subjects.append("{\"name\":\"exports/").append(export).append('/').append(files[f])
                    .append("\",\"digest\":{\"sha256\":\"").append("0".repeat(64 - digest.length())).append(digest).append("\"}}");
        }
        return "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[" + subjects
                + "],\"predicateType\":\"https://stagelight.dev/export-manifest/v1\",\"predicate\":{\"export_id\":\"" + export
                + "\",\"tenant\":\"" + tenant + "\",\"region\":\"" + region + "\",\"created\":\"2026-11-24T12:00:00Z\","
                + "\"producer\":{\"name\":\"stagelight-exporter\",\"version\":\"0.1.0\"},"
                + "\"policy\":{\"set\":\"baseline-security\",\"version\":\"2026.11.2\"}}}";
    }

    /** The bench keys: created once, reused by later runs (AppendBench, the verifier runs of the bench script). */
    record Keys(NoteSignerKey logKey, Signer signer) {
        static Keys openOrCreate(Path dir) throws Exception {
            Files.createDirectories(dir);
            Path log = dir.resolve("log.key");
            Path signing = dir.resolve("signing.key.pem");
            if (!Files.exists(log)) {
                NoteSignerKey k = NoteSignerKey.generate(ORIGIN);
                AtomicFiles.createSecret(log, (k.encode() + "\n").getBytes(StandardCharsets.UTF_8));
                AtomicFiles.createImmutable(dir.resolve("log.vkey"), (k.verifierKey().encode() + "\n").getBytes(StandardCharsets.UTF_8));
                Signer s = SigningKeys.generateEd25519(signing);
                AtomicFiles.createImmutable(dir.resolve("signing.pub.pem"),
                        dev.stagelight.verifier.keys.PublicKeys.toPem(s.publicKey()).getBytes(StandardCharsets.UTF_8));
            }
            return new Keys(SigningKeys.loadNoteKey(log, dev.stagelight.publisher.keys.PasswordSource.none(), null),
                    BenchEd25519Signer.load(signing));
        }

        Appender appender(Path index) {
            return new Appender(index, StateDir.besides(index), logKey, Clock.systemUTC(), DirectorySource::new,
                    Appender.WriteHook.NONE);
        }
    }
}
