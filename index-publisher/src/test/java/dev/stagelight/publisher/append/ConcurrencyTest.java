package dev.stagelight.publisher.append;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.testing.PublisherProcess;
import dev.stagelight.publisher.testing.TestIndex;
import dev.stagelight.verifier.check.Report;
import dev.stagelight.verifier.merkle.ConsistencyProof;
import dev.stagelight.verifier.merkle.Proofs;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.source.DirectorySource;
import dev.stagelight.verifier.tiles.TileHashReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two publisher processes append to one index at the same time, round after round: one linear history, no loss. */
class ConcurrencyTest {
    private static final int ROUNDS = 3;
    private static final int PER_BATCH = 12;

    @TempDir Path tmp;

    @Test
    void racingPublishersNeverForkTheLog() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        List<Checkpoint> seen = new ArrayList<>();
        Set<String> manifests = new HashSet<>();
        for (int round = 0; round < ROUNDS; round++) {
            PublisherProcess a = PublisherProcess.start(tmp.resolve("logs"), Map.of(), t.appendArgs("a" + round, PER_BATCH));
            PublisherProcess b = PublisherProcess.start(tmp.resolve("logs"), Map.of(), t.appendArgs("b" + round, PER_BATCH));
            for (PublisherProcess p : List.of(a, b)) {
                PublisherProcess.Outcome o = p.await();
                assertEquals(0, o.exitCode(), o.stderr());
                String note = o.stdout().substring(o.stdout().indexOf("checkpoint:\n") + "checkpoint:\n".length());
                seen.add(Checkpoint.openSigned(note.getBytes(StandardCharsets.UTF_8), List.of(t.logKey.verifierKey()), "stdout"));
            }
        }
        Report r = t.verify();
        assertTrue(r.verified(), () -> r.failures().toString());
        assertEquals(2L * ROUNDS * PER_BATCH, r.treeSize(), "every entry of every publisher, once");

        // Every checkpoint a publisher printed is a prefix of the final tree: one history, no fork.
        TileHashReader tiles = new TileHashReader(new DirectorySource(t.index), r.treeSize());
        byte[] finalRoot = Proofs.root(r.treeSize(), tiles);
        Set<Long> sizes = new HashSet<>();
        for (Checkpoint c : seen) {
            assertTrue(sizes.add(c.size()), "two publishers signed the same size " + c.size());
            ConsistencyProof.verify(c.size(), r.treeSize(), c.rootHash(), finalRoot, Proofs.consistency(c.size(), r.treeSize(), tiles));
        }
        try (var files = Files.list(t.index.resolve("manifests"))) {
            files.filter(p -> p.toString().endsWith(".dsse.json")).forEach(p -> manifests.add(p.getFileName().toString()));
        }
        assertEquals(2 * ROUNDS * PER_BATCH, manifests.size());
    }
}
