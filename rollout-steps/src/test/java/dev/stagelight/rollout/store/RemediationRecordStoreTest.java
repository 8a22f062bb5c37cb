package dev.stagelight.rollout.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remediation record in both stores: appended, compare-and-swapped on the seq, whole after a crash. */
class RemediationRecordStoreTest {
    static final Instant T = Instant.parse("2026-01-01T06:00:00Z");

    @TempDir
    Path dir;

    void roundTrip(RolloutStore s) throws Exception {
        assertEquals(RemediationRecord.EMPTY, s.remediation("canary-slo"));
        s.recordRemediation("canary-slo", 0, "{\"a\":1}", List.of("{\"d\":1}", "{\"d\":2}"), T);
        s.recordRemediation("canary-slo", 1, "{\"a\":2}", List.of("{\"d\":3}"), T.plusSeconds(300));
        RemediationRecord r = s.remediation("canary-slo");
        assertEquals(2, r.seq());
        assertEquals("{\"a\":2}", r.state());
        assertEquals(List.of("{\"d\":1}", "{\"d\":2}", "{\"d\":3}"), s.remediationEvidence("canary-slo"));
        ConflictException stale = assertThrows(ConflictException.class,
                () -> s.recordRemediation("canary-slo", 1, "{}", List.of("{\"d\":9}"), T));
        assertEquals(true, stale.getMessage().contains("stored evaluation 2, this one follows 1"), stale.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.recordRemediation("../x", 0, "{}", List.of(), T));
        assertThrows(IllegalArgumentException.class, () -> s.recordRemediation("canary-slo", 2, "{}", List.of("a\nb"), T));
        assertEquals(RemediationRecord.EMPTY, s.remediation("other"));
        assertEquals(List.of(), s.remediationEvidence("other"));
    }

    @Test
    void directoryStore() throws Exception {
        try (RolloutStore s = DirectoryStore.open(dir.resolve("d"))) {
            roundTrip(s);
        }
    }

    @Test
    void gitStoreOneCommitPerEvaluation() throws Exception {
        try (GitStore s = GitStore.open(dir.resolve("g.git"))) {
            roundTrip(s);
            try (org.eclipse.jgit.revwalk.RevWalk rw = new org.eclipse.jgit.revwalk.RevWalk(s.repository())) {
                org.eclipse.jgit.revwalk.RevCommit head = rw.parseCommit(s.head());
                assertEquals("remediation canary-slo: evaluation 2 (1 decisions)", head.getShortMessage());
                assertEquals(true, head.getFullMessage().contains("Remediation-Scope: canary-slo\nSeq: 2\n"));
                assertEquals(T.plusSeconds(300), head.getAuthorIdent().getWhenAsInstant());
            }
        }
    }

    @Test
    void aChunkLeftByAWriterKilledBeforeItsStateIsNotInTheLogAndIsReplaced() throws Exception {
        Path root = dir.resolve("crash");
        try (RolloutStore s = DirectoryStore.open(root)) {
            s.recordRemediation("canary-slo", 0, "{}", List.of("{\"d\":1}"), T);
        }
        // A killed writer wrote evaluation 2's evidence, not its state.
        Path orphan = root.resolve("remediation/canary-slo/evidence/0000000002.jsonl");
        Files.writeString(orphan, "{\"d\":\"lost\"}\n", StandardCharsets.UTF_8);
        try (RolloutStore s = DirectoryStore.open(root)) {
            assertEquals(List.of("{\"d\":1}"), s.remediationEvidence("canary-slo"));
            s.recordRemediation("canary-slo", 1, "{}", List.of("{\"d\":2}"), T);
            assertEquals(List.of("{\"d\":1}", "{\"d\":2}"), s.remediationEvidence("canary-slo"));
        }
    }
}
