package dev.stagelight.publisher.bench;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.append.IngestedManifest;
import dev.stagelight.publisher.ingest.ManifestIngest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark: appends K entries to an index made by {@link GenerateIndex} (same DIR) in one append, and prints the
 * time (ingest included) and the files written by kind.
 * <pre>
 *   AppendBench DIR [K] [WRITE_THREADS]
 * </pre>
 */
public final class AppendBench {
    private AppendBench() {}

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
        List<IngestedManifest> manifests = GenerateIndex.manifests(ingest, n, k);
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
