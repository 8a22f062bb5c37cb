package dev.stagelight.publisher.bench;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.append.IngestedManifest;
import dev.stagelight.publisher.ingest.ManifestIngest;
import dev.stagelight.verifier.io.AtomicFiles;
import dev.stagelight.verifier.merkle.MerkleHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark: appends K entries to an index made by {@link GenerateIndex} (same DIR) in one append, and prints the
 * time (ingest included) and the files written by kind. The first entry is a real export written to
 * {@code DIR/export-sample} (files + {@code manifest.dsse.json}) for the verifier's {@code bundle} check.
 * <pre>
 *   AppendBench DIR [K] [WRITE_THREADS]
 * </pre>
 */
public final class AppendBench {
    private AppendBench() {}

    /**
     * A real export folder (files whose digests the statement names, and the signed manifest beside them) for the
     * verifier's {@code bundle} check; its manifest is the first entry of the appended batch.
     */
    static IngestedManifest sampleExport(Path folder, ManifestIngest ingest, long id) throws Exception {
        Files.createDirectories(folder);
        StringBuilder subjects = new StringBuilder();
        String[] names = {"findings.jsonl", "summary.csv"};
        for (int i = 0; i < names.length; i++) {
            byte[] content = ("export " + id + " file " + names[i] + "\n").repeat(100).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.replace(folder.resolve(names[i]), content);
            subjects.append(i > 0 ? "," : "").append("{\"name\":\"").append(names[i]).append("\",\"digest\":{\"sha256\":\"")
                    .append(HexFormat.of().formatHex(MerkleHash.sha256().digest(content))).append("\"}}");
        }
        String statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[" + subjects
                + "],\"predicateType\":\"https://stagelight.dev/export-manifest/v1\",\"predicate\":{\"export_id\":\"exp-sample-"
                + id + "\",\"tenant\":\"tenant-sample\",\"region\":\"eu-west-1\",\"created\":\"2026-11-24T12:00:00Z\"}}";
        IngestedManifest m = ingest.read(statement.getBytes(StandardCharsets.UTF_8), "sample export");
        AtomicFiles.replace(folder.resolve("manifest.dsse.json"), m.signatureFile());
        return m;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: AppendBench DIR [K] [WRITE_THREADS]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        GenerateIndex.Keys keys = GenerateIndex.Keys.openOrCreate(dir.resolve("keys"));
        Appender appender = keys.appender(dir.resolve("index")).withWriteThreads(threads);
        long n = appender.appendLeaves(List.of()).checkpoint().size();
        long start = System.nanoTime();
        ManifestIngest ingest = new ManifestIngest(List.of(), keys.signer(), ManifestIngest.Defaults.NONE);
        List<IngestedManifest> manifests = new ArrayList<>();
        manifests.add(sampleExport(dir.resolve("export-sample"), ingest, n));
        manifests.addAll(GenerateIndex.manifests(ingest, n + 1, k - 1));
        Appender.Result r = appender.append(manifests);
        double ms = (System.nanoTime() - start) / 1e6;
        Map<String, Integer> byKind = new TreeMap<>();
        for (String p : r.written()) {
            String kind = p.startsWith("tile/entries/") ? "entry bundles" : p.startsWith("tile/") ? "hash tiles"
                    : p.endsWith(".dsse.json") ? "envelopes" : p.startsWith("manifests/") ? "manifests"
                    : p.startsWith("api/") ? "digest shards" : p;
            byKind.merge(kind, 1, Integer::sum);
        }
        System.out.printf("append: %,d entries to an index of %,d in %.0f ms (%d write threads); %d files written: %s%n",
                k, n, ms, threads, r.written().size(), byKind);
    }
}
