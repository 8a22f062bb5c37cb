package dev.stagelight.publisher.append;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.testing.KillingPublisher;
import dev.stagelight.publisher.testing.PublisherProcess;
import dev.stagelight.publisher.testing.TestIndex;
import dev.stagelight.verifier.check.Report;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.io.AtomicFiles;
import dev.stagelight.verifier.source.DirectorySource;
import dev.stagelight.verifier.tiles.EntryBundle;
import dev.stagelight.verifier.tiles.TilePath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a publisher process in the middle of appends, many times, and checks after every kill that the index verifies
 * (at the old or the new checkpoint: the read side recomputes everything) and that each batch is all-or-nothing;
 * then that the next append recovers, leaving no temp file behind. Every death is a real SIGKILL: sent by the
 * publisher to itself just before its N-th write ({@link KillingPublisher}), for N across the whole write sequence,
 * or from outside after a varied delay.
 */
class CrashTest {
    private static final int POINT_RUNS = 60;
    private static final int KILL_RUNS = 8;
    /** Exit status of a process killed by signal 9, as {@link Process#exitValue()} reports it. */
    private static final int SIGKILLED = 128 + 9;
    private static final int PER_RUN = 2;

    @TempDir Path tmp;

    @Test
    void killedPublishersLeaveAVerifyingIndexAndTheNextAppendRecovers() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        Map<String, Integer> exitByRun = new HashMap<>();
        long size = 0;
        int killed = 0;
        for (int run = 0; run < POINT_RUNS; run++) {
            // Write points of one run: journal, 2 manifests + 2 envelopes, entry bundle, hash tile, 2 shards,
            // checkpoint, journal again (about 11; more with a tile boundary or the replay of an interrupted batch).
            int killAt = 1 + run % 11;
            String name = "point" + run;
            PublisherProcess.Outcome o = PublisherProcess.runKilledAt(killAt, tmp.resolve("logs"), t.appendArgs(name, PER_RUN));
            assertTrue(o.exitCode() == 0 || o.exitCode() == SIGKILLED, () -> "unexpected exit " + o.exitCode() + ": " + o.stderr());
            if (o.exitCode() == SIGKILLED) {
                assertTrue(o.stderr().contains(KillingPublisher.KILLING), o::stderr);
                killed++;
            }
            exitByRun.put(name, o.exitCode());
            size = assertVerifiesAtOldOrNew(t, size, name);
        }
        assertTrue(killed >= 50, "at least 50 runs must actually be killed, got " + killed);

        for (int run = 0; run < KILL_RUNS; run++) {
            String name = "kill" + run;
            PublisherProcess p = PublisherProcess.start(tmp.resolve("logs"), Map.of(), t.appendArgs(name, 40));
            Thread.sleep(250 + 120L * run);
            PublisherProcess.Outcome o = p.kill();
            exitByRun.put(name, o.exitCode());
            size = assertVerifiesAtOldOrNew(t, size, name);
        }

        PublisherProcess.Outcome last = PublisherProcess.run(tmp.resolve("logs"), Map.of(), t.appendArgs("final", PER_RUN));
        assertEquals(0, last.exitCode(), last.stderr());
        exitByRun.put("final", 0);
        assertVerifiesAtOldOrNew(t, size, "final");
        try (Stream<Path> files = Files.walk(t.index)) {
            assertEquals(List.of(), files.filter(AtomicFiles::isTempFile).toList(), "temp files left in the index");
        }

        // Every batch is in the log all or nothing, at most once; every batch whose process exited 0 is in.
        Map<String, Integer> perRun = new HashMap<>();
        Map<String, Integer> perManifest = new HashMap<>();
        for (Entry e : entries(t)) {
            String export = exportIdOf(t, e);
            perManifest.merge(export, 1, Integer::sum);
            perRun.merge(export.substring(0, export.lastIndexOf('-')), 1, Integer::sum);
        }
        perManifest.forEach((m, n) -> assertEquals(1, n, m + " appears " + n + " times"));
        exitByRun.forEach((run, exit) -> {
            int n = perRun.getOrDefault(run, 0);
            int batch = run.startsWith("kill") ? 40 : PER_RUN;
            assertTrue(n == 0 || n == batch, run + ": " + n + " of " + batch + " entries");
            if (exit == 0) {
                assertEquals(batch, n, run + " exited 0 but its entries are missing");
            }
        });
    }

    /** The index verifies completely, at a size not below the last one seen; returns the size. */
    private static long assertVerifiesAtOldOrNew(TestIndex t, long oldSize, String run) throws Exception {
        Report r = t.verify();
        assertTrue(r.verified(), () -> run + ": index does not verify: " + r.failures());
        assertTrue(r.treeSize() >= oldSize, run + ": tree shrank from " + oldSize + " to " + r.treeSize());
        return r.treeSize();
    }

    private static List<Entry> entries(TestIndex t) throws Exception {
        DirectorySource src = new DirectorySource(t.index);
        long size = t.verify().treeSize();
        List<Entry> out = new ArrayList<>();
        for (long b = 0; b * TilePath.WIDTH < size; b++) {
            long width = Math.min(TilePath.WIDTH, size - b * TilePath.WIDTH);
            String path = TilePath.entryBundle(b, (int) (width == TilePath.WIDTH ? TilePath.WIDTH : width)).path();
            for (byte[] leaf : EntryBundle.decode(src.read(path))) {
                out.add(Entry.parse(leaf, path));
            }
        }
        return out;
    }

    private static String exportIdOf(TestIndex t, Entry e) throws Exception {
        String json = Files.readString(t.index.resolve(e.manifestPath()), StandardCharsets.UTF_8);
        int i = json.indexOf("\"export_id\":\"") + 13;
        return json.substring(i, json.indexOf('"', i));
    }
}
