package dev.stagelight.publisher.append;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.testing.TestIndex;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publisher killed while writing a temp file, or between linking it into place and unlinking it, leaves a
 * {@code .tmp-*} file in the published folder. The next append sweeps them under the lock, from the journal's list of
 * paths (no directory listing), before it recovers the batch.
 */
class LeftoverTempFilesTest {
    @TempDir Path tmp;

    /** At every write point of a batch: leftovers of the file being written and of those written before are swept. */
    @Test
    void theNextAppendSweepsWhatAKilledWriterLeft() throws Exception {
        for (int stop = 1; ; stop++) {
            TestIndex t = TestIndex.create(tmp.resolve("run-" + stop));
            t.appender(Appender.WriteHook.NONE).append(ingest(t, "base", 3));
            int at = stop;
            int[] n = {0};
            List<Path> planted = new ArrayList<>();
            List<String> before = new ArrayList<>();
            Appender crashing = t.appender(path -> {
                if (++n[0] < at) {
                    before.add(path);
                    return;
                }
                if (n[0] == at) {
                    plantLeftovers(t, path, before, planted);
                    throw new IOException("simulated kill -9 while writing " + path);
                }
            });
            boolean crashed;
            try {
                crashing.append(ingest(t, "lost", 2));
                crashed = false;
            } catch (IOException e) {
                crashed = true;
            }
            if (!crashed) {
                return;
            }
            assertEquals(planted.size(), tempFiles(t.index).size(), "write " + at + ": planted " + planted);
            t.appender(Appender.WriteHook.NONE).append(ingest(t, "next", 2));
            assertEquals(List.of(), tempFiles(t.index), "after the append that followed a kill at write " + at);
            assertTrue(t.verify().verified(), "write " + at);
        }
    }

    /** The journal's list covers every file an append writes, across entry-bundle and tile boundaries. */
    @Test
    void theJournalNamesEveryFileTheBatchWrites() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        long size = 0;
        for (int k : new int[] {250, 350, 1, 300}) {
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                leaves.add(("leaf " + (size + i)).getBytes(StandardCharsets.US_ASCII));
            }
            Appender.Result r = t.appender(Appender.WriteHook.NONE).appendLeaves(leaves);
            PendingBatch batch = new PendingBatch(size, leaves, Map.of(), false);
            assertTrue(new HashSet<>(batch.publicPaths()).containsAll(r.written()),
                    () -> "raw " + r.firstSeq() + "+" + k + ": " + r.written() + " not all in " + batch.publicPaths());
            size += k;
        }

        TestIndex e = TestIndex.create(tmp.resolve("entries"));
        e.appender(Appender.WriteHook.NONE).append(ingest(e, "base", 254));
        Appender.Result r = e.appender(Appender.WriteHook.NONE).append(ingest(e, "more", 5));
        List<byte[]> leaves = r.entries().stream().map(Entry::toCanonicalBytes).toList();
        Map<String, byte[]> files = new TreeMap<>();
        r.written().stream().filter(p -> p.startsWith("manifests/") || p.startsWith("keys/")).forEach(p -> files.put(p, new byte[0]));
        PendingBatch batch = new PendingBatch(254, leaves, files, true);
        assertTrue(new HashSet<>(batch.publicPaths()).containsAll(r.written()),
                () -> r.written() + " not all in " + batch.publicPaths());
    }

    /**
     * What a kill leaves: a half-written temp of the file being written, and a temp still linked to each file written
     * before it (killed between link and unlink). The journal (state) has no public temp file.
     */
    private static void plantLeftovers(TestIndex t, String current, List<String> before, List<Path> planted)
            throws IOException {
        if (!current.equals(Appender.JOURNAL)) {
            Path target = t.index.resolve(current);
            Files.createDirectories(target.getParent());
            Files.write(AtomicFiles.tempFileOf(target), "half".getBytes(StandardCharsets.US_ASCII));
            planted.add(AtomicFiles.tempFileOf(target));
        }
        for (String p : before) {
            Path target = t.index.resolve(p);
            if (!p.equals(Appender.JOURNAL) && Files.exists(target) && !Files.exists(AtomicFiles.tempFileOf(target))) {
                Files.createLink(AtomicFiles.tempFileOf(target), target);
                planted.add(AtomicFiles.tempFileOf(target));
            }
        }
    }

    private static List<Path> tempFiles(Path index) throws IOException {
        try (Stream<Path> s = Files.walk(index)) {
            return s.filter(AtomicFiles::isTempFile).sorted().toList();
        }
    }

    private static List<IngestedManifest> ingest(TestIndex t, String prefix, int count) throws Exception {
        List<IngestedManifest> out = new ArrayList<>();
        for (Path p : t.statements(prefix, count)) {
            out.add(t.ingest().read(p));
        }
        return out;
    }
}
