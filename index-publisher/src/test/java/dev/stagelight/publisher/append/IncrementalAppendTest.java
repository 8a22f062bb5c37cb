package dev.stagelight.publisher.append;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.testing.TestIndex;
import dev.stagelight.verifier.source.CountingSource;
import dev.stagelight.verifier.source.DirectorySource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appending k entries to an index of n touches O(k + log n) files: counted, not timed. The sizes cross full entry
 * bundles and level-0 tiles (every 256) and, for the larger index, a level-1 tile (65,536 leaves). The read-back
 * verification after the append is counted on its own, and is O(k + log n) too.
 */
class IncrementalAppendTest {
    private static final int K = 5;

    @TempDir Path tmp;

    /** Files read through the source (by the append, and by its read-back verification) and written through the hook. */
    private record Cost(long read, long verifyRead, int written, List<String> paths) {}

    private static Cost measure(TestIndex t, AppendCall call) throws Exception {
        List<CountingSource> sources = new ArrayList<>();
        List<String> written = new ArrayList<>();
        Appender a = new Appender(t.index, StateDir.besides(t.index), t.logKey, TestIndex.CLOCK, dir -> {
            CountingSource c = new CountingSource(new DirectorySource(dir));
            sources.add(c);
            return c;
        }, path -> {
            if (!path.equals(Appender.JOURNAL)) {
                written.add(path);
            }
        });
        Appender.Result r = call.run(a);
        long verifyRead = r.verification().orElseThrow().filesRead();
        long all = sources.stream().mapToLong(CountingSource::files).sum();
        return new Cost(all - verifyRead, verifyRead, written.size(), written);
    }

    @FunctionalInterface
    private interface AppendCall {
        Appender.Result run(Appender a) throws Exception;
    }

    private static List<byte[]> leaves(long from, int count) {
        List<byte[]> out = new ArrayList<>(count);
        for (long i = from; i < from + count; i++) {
            out.add(("leaf " + i).getBytes(StandardCharsets.US_ASCII));
        }
        return out;
    }

    @Test
    void entryAppendToAThousandEntriesTouchesAFewFiles() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        List<IngestedManifest> base = new ArrayList<>();
        for (Path p : t.statements("base", 1_100)) {
            base.add(t.ingest().read(p));
        }
        t.appender(Appender.WriteHook.NONE).withWriteThreads(16).append(base);
        List<IngestedManifest> more = new ArrayList<>();
        for (Path p : t.statements("more", K)) {
            more.add(t.ingest().read(p));
        }
        Cost c = measure(t, a -> a.append(more));
        // k manifests + k envelopes + at most k shards, 1-2 entry bundles, 1-2 tiles per level (2 levels), checkpoint.
        assertTrue(c.written() <= 3 * K + 2 + 4 + 1, () -> "wrote " + c.paths());
        assertTrue(c.read() <= 12, "read " + c.read() + " files");
        // checkpoint, k manifests + k envelopes, 1-2 entry bundles, 1-2 tiles per level.
        assertTrue(c.verifyRead() <= 1 + 2 * K + 2 + 4, "verification read " + c.verifyRead() + " files");
        assertTrue(t.verify().verified());
    }

    @Test
    void readsGrowWithLogNNotN() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        long n = 0;
        List<Long> reads = new ArrayList<>();
        List<Long> verifyReads = new ArrayList<>();
        for (long target : new long[] {3_000, 70_000}) {
            while (n < target) {
                int batch = (int) Math.min(10_000, target - n);
                t.appender(Appender.WriteHook.NONE).appendLeaves(leaves(n, batch));
                n += batch;
            }
            long at = n;
            Cost c = measure(t, a -> a.appendLeaves(leaves(at, K)));
            n += K;
            // 1-2 entry bundles and 1-2 tiles per level (levels: 2 below 65,536 leaves, 3 above), checkpoint.
            assertTrue(c.written() <= 2 + 2 * (at < 65_536 ? 2 : 3) + 1, () -> "at " + at + " wrote " + c.paths());
            reads.add(c.read());
            verifyReads.add(c.verifyRead());
        }
        assertTrue(reads.get(1) <= reads.get(0) + 4, "reads at 3,000 and 70,000 entries: " + reads);
        assertTrue(reads.get(1) <= 16, "reads at 70,000 entries: " + reads.get(1));
        assertTrue(verifyReads.get(1) <= verifyReads.get(0) + 4, "verification reads: " + verifyReads);
        assertTrue(verifyReads.get(1) <= 12, "verification reads at 70,000 entries: " + verifyReads.get(1));
        assertEquals(70_000 + K, n);
    }
}
