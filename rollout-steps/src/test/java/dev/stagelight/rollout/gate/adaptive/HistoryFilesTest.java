package dev.stagelight.rollout.gate.adaptive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.input.InputException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history CSV and the seeded generator. */
class HistoryFilesTest {
    @TempDir
    Path dir;

    @Test
    void theGeneratorIsDeterministicBySeed() {
        Instant start = HistoryGenerator.DEFAULT_START;
        MetricHistory a = HistoryGenerator.generate(27, 28, start);
        MetricHistory b = HistoryGenerator.generate(27, 28, start);
        MetricHistory c = HistoryGenerator.generate(28, 28, start);
        assertArrayEquals(a.values(), b.values());
        assertEquals(a.incidents(), b.incidents());
        assertFalse(Arrays.equals(a.values(), c.values()));
        assertEquals(28 * 288, a.size(), "5-minute points");
        assertEquals(10, a.incidents().size(), "one every two days after the first week");
        for (Incident inc : a.incidents()) {
            assertFalse(inc.start().isBefore(start.plus(Duration.ofDays(7))), inc.toString());
            long minutes = Duration.between(inc.start(), inc.end()).toMinutes() + 5;
            assertTrue(minutes >= 30 && minutes <= 120, inc + " lasts " + minutes + " min");
        }
        // daily seasonality: the 15:00 level doubles the 03:00 level on a weekday
        assertEquals(2.0, HistoryGenerator.level(start.plus(Duration.ofHours(15)).getEpochSecond())
                / HistoryGenerator.level(start.plus(Duration.ofHours(3)).getEpochSecond()), 1e-9);
    }

    @Test
    void writtenHistoryReadsBackWithItsIncidents() throws Exception {
        MetricHistory h = HistoryGenerator.generate(5, 10, HistoryGenerator.DEFAULT_START);
        Path f = dir.resolve("h.csv");
        HistoryCsv.write(f, h, List.of("test"));
        MetricHistory back = HistoryCsv.read(f);
        assertArrayEquals(h.times(), back.times());
        assertArrayEquals(h.values(), back.values(), 1e-6);
        assertEquals(h.incidents(), back.incidents());
    }

    @Test
    void badLinesNameFileLineAndColumn() {
        MetricHistory ok = HistoryCsv.parse("h.csv", "# c\ntimestamp,value\n1762041600,1.5\n2026-11-02T00:05:00Z,NaN\n");
        assertEquals(2, ok.size());
        assertTrue(Double.isNaN(ok.values()[1]));
        InputException e = assertThrows(InputException.class,
                () -> HistoryCsv.parse("h.csv", "timestamp,value,incident\n2026-11-02T00:00:00Z,abc,\n"));
        assertEquals("h.csv:2:22: value: expected a number (or NaN), got 'abc'", e.getMessage());
        e = assertThrows(InputException.class, () -> HistoryCsv.parse("h.csv",
                "timestamp,value\n2026-11-02T00:05:00Z,1\n2026-11-02T00:00:00Z,1\n"));
        assertEquals(3, e.line());
        assertEquals("timestamp", e.field());
        e = assertThrows(InputException.class, () -> HistoryCsv.parse("h.csv", "time,value\n"));
        assertTrue(e.getMessage().startsWith("h.csv:1:1: expected the header"), e.getMessage());
        e = assertThrows(InputException.class, () -> HistoryCsv.parse("h.csv", "timestamp,value,incident\n"
                + "1,1,a\n2,1,\n3,1,a\n"));
        assertEquals("h.csv:4:5: incident: incident 'a' resumes after it ended at 1970-01-01T00:00:01Z; give each"
                + " interval its own id", e.getMessage());
        MetricHistory inc = HistoryCsv.parse("h.csv", "timestamp,value,incident\n1,1,\n2,5,x\n3,6,x\n4,1,\n");
        assertEquals(List.of(new Incident("x", Instant.ofEpochSecond(2), Instant.ofEpochSecond(3))), inc.incidents());
    }
}
