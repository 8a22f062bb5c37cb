package dev.stagelight.publisher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.publisher.site.SitePaths;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.merkle.Proofs;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.source.DirectorySource;
import dev.stagelight.verifier.source.IndexSource;
import dev.stagelight.verifier.tiles.EntryBundle;
import dev.stagelight.verifier.tiles.TileHashReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Benchmark: the bytes a browser downloads for one look-up and for one verify-in-browser run, computed from the files
 * search.js and verify.js fetch (each file once, as the browser cache keeps it within a page), for sample entries
 * spread over the index; an entry is read by a range request (the entry page names its bytes). The page itself is counted separately (see the bench's page weights).
 * <pre>
 *   SiteLookupCost INDEX [SAMPLES]
 * </pre>
 */
public final class SiteLookupCost {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SiteLookupCost() {}

    public static void main(String[] args) throws Exception {
        Path index = Path.of(args[0]);
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long n = Checkpoint.parse(noteBody(Files.readString(index.resolve("checkpoint")))).size();
        TreeSet<Long> kept = new TreeSet<>();
        try (var dir = Files.newDirectoryStream(index.resolve("checkpoints"))) {
            dir.forEach(p -> kept.add(Long.parseLong(p.getFileName().toString())));
        }
        long maxLookup = 0;
        long maxExport = 0;
        long maxVerify = 0;
        for (int i = 0; i < samples; i++) {
            long seq = samples == 1 ? n - 1 : (n - 1) * i / (samples - 1);
            Recording files = new Recording(new DirectorySource(index));
            Entry e = entry(files, seq, n);
            files.reset();
            files.read(IndexLayout.digestShard(e.manifestSha256()));
            long lookup = files.bytes();
            JsonNode m = JSON.readTree(Files.readAllBytes(index.resolve(e.manifestPath())));
            files.reset();
            files.read(SitePaths.exportIdShard(m.path("predicate").path("export_id").asText()));
            long export = files.bytes();
            files.reset();
            files.read(IndexLayout.CHECKPOINT);
            // The entry page names each entry's byte range, so the browser reads the entries, not their bundles.
            files.ranged(seq, e.toCanonicalBytes().length + 2);
            TileHashReader latest = new TileHashReader(files, n);
            Proofs.inclusion(seq, n, latest);
            if (seq > 0) {
                files.ranged(seq - 1, entry(new DirectorySource(index), seq - 1, n).toCanonicalBytes().length + 2);
                Proofs.inclusion(seq - 1, n, latest);
            }
            long s = kept.ceiling(seq + 1);
            files.read(SitePaths.keptCheckpoint(s));
            if (s < n) {
                Proofs.consistency(s, n, latest);
            }
            files.read(e.manifestPath());
            files.read(IndexLayout.dsseEnvelope(e.manifestSha256()));
            files.read(IndexLayout.signerKey(e.signature().keyid()));
            long verify = files.bytes();
            System.out.printf("entry %d of %d: digest look-up %,d bytes (1 file), export-id look-up %,d bytes (1 file),"
                    + " verify in browser %,d bytes in %d files %s%n", seq, n, lookup, export, verify, files.count(), files.byKind());
            maxLookup = Math.max(maxLookup, lookup);
            maxExport = Math.max(maxExport, export);
            maxVerify = Math.max(maxVerify, verify);
        }
        System.out.printf("largest: digest look-up %,d bytes, export-id look-up %,d bytes, verify %,d bytes (tree size %d)%n",
                maxLookup, maxExport, maxVerify, n);
    }

    private static Entry entry(IndexSource files, long seq, long n) throws IOException {
        byte[] bundle = files.read(IndexLayout.entryBundle(seq / SitePaths.PAGE, n));
        return Entry.parse(EntryBundle.decode(bundle).get((int) (seq % SitePaths.PAGE)), "entry " + seq);
    }

    private static String noteBody(String note) {
        return note.substring(0, note.indexOf("\n\n") + 1);
    }

    /** Counts each distinct file once, as a browser's cache would within one page. */
    private static final class Recording implements IndexSource {
        private final IndexSource inner;
        private final Map<String, Integer> seen = new LinkedHashMap<>();

        Recording(IndexSource inner) {
            this.inner = inner;
        }

        @Override
        public byte[] read(String path) throws IOException {
            byte[] b = inner.read(path);
            seen.putIfAbsent(path, b.length);
            return b;
        }

        @Override
        public String describe(String path) {
            return inner.describe(path);
        }

        @Override
        public long maxBytes() {
            return inner.maxBytes();
        }

        /** One entry read by a range request: its length prefix and bytes. */
        void ranged(long seq, int bytes) {
            seen.putIfAbsent("tile/entries/ entry " + seq, bytes);
        }

        void reset() {
            seen.clear();
        }

        long bytes() {
            return seen.values().stream().mapToLong(Integer::longValue).sum();
        }

        int count() {
            return seen.size();
        }

        Map<String, Long> byKind() {
            Map<String, Long> k = new LinkedHashMap<>();
            seen.forEach((p, b) -> k.merge(p.startsWith("tile/entries/") ? "entries" : p.startsWith("tile/") ? "tiles"
                    : p.startsWith("manifests/") ? "manifest+envelope" : p.startsWith("checkpoint") ? "checkpoints" : "key", (long) b, Long::sum));
            return k;
        }
    }

}
