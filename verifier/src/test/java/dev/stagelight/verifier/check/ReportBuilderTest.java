package dev.stagelight.verifier.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReportBuilderTest {
    @Test
    void oneNoisyCheckDoesNotHideTheOthers() {
        ReportBuilder b = new ReportBuilder("index", "x");
        for (int i = 0; i < 1000; i++) {
            b.failed("entry-seq", "seq " + i);
        }
        b.failed("merkle-root", "root differs");
        Report r = b.build(3, 4);
        assertEquals(ReportBuilder.MAX_FAILURES_PER_CHECK + 2, r.checks().size());
        assertTrue(r.checks().stream().anyMatch(c -> c.name().equals("merkle-root")));
        assertTrue(r.checks().get(r.checks().size() - 1).message().contains("980 further entry-seq failures"));
        assertEquals(1000, b.failures("entry-seq"));
        assertFalse(r.verified());
    }

    @Test
    void okUnlessFailedAndVerified() {
        ReportBuilder b = new ReportBuilder("index", "x");
        assertFalse(b.build(0, 0).verified(), "nothing checked is not verified");
        b.okUnlessFailed("a", "fine");
        b.failed("b", "broken");
        b.okUnlessFailed("b", "never shown");
        Report r = b.build(0, 0);
        assertEquals(2, r.checks().size());
        assertEquals(1, r.failures().size());
        b = new ReportBuilder("index", "x").ok("a", "fine").skipped("c", "not applicable");
        assertTrue(b.build(0, 0).verified());
    }
}
