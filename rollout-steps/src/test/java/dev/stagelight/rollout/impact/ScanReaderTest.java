package dev.stagelight.rollout.impact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.Loaded;
import dev.stagelight.rollout.input.Strictness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanReaderTest {
    @TempDir
    Path dir;

    static final String GOOD = "{\"tenant\":\"t1\",\"image\":\"i\",\"time\":\"2024-12-01T00:00:00Z\",\"findings\":[]}";

    private InputException fails(String secondLine, Strictness s) throws IOException {
        Path f = dir.resolve("scans.jsonl");
        Files.writeString(f, GOOD + "\n" + secondLine + "\n");
        return assertThrows(InputException.class, () -> ScanReader.forEach(f, s, x -> { }));
    }

    @Test
    void errorsNameLineColumnAndField() throws IOException {
        String bad = "{\"tenant\":\"t1\",\"image\":\"i\",\"time\":\"2024-12-01T00:00:00Z\",\"findings\":[{\"id\":\"a\",\"severity\":\"high\"},"
                + "{\"id\":\"b\",\"severity\":\"high\",\"cvss\":\"9.8\"}]}";
        InputException e = fails(bad, Strictness.STRICT);
        assertEquals(dir.resolve("scans.jsonl") + ":2:" + (bad.indexOf("\"9.8\"") + 1)
                + ": /findings/1/cvss: expected a number from 0 to 10, got \"9.8\"", e.getMessage());
        InputException sev = fails(bad.replace("\"severity\":\"high\"}", "\"severity\":\"urgent\"}"), Strictness.STRICT);
        assertEquals("/findings/0/severity", sev.field());
        assertTrue(sev.getMessage().endsWith("expected one of critical, high, medium, low, none, got \"urgent\""), sev.getMessage());
        InputException time = fails(GOOD.replace("2024-12-01T00:00:00Z", "yesterday"), Strictness.STRICT);
        assertEquals("/time", time.field());
        InputException missing = fails("{\"image\":\"i\",\"time\":\"2024-12-01T00:00:00Z\",\"findings\":[]}", Strictness.STRICT);
        assertEquals(dir.resolve("scans.jsonl") + ":2:1: /tenant: required field is missing", missing.getMessage());
        InputException syntax = fails("{\"tenant\": tru}", Strictness.STRICT);
        assertEquals(2, syntax.line());
        assertEquals(12, syntax.column());
        assertTrue(syntax.getMessage().contains("not valid JSON"), syntax.getMessage());
    }

    @Test
    void twoScansOnOneLineAreRefused() throws IOException {
        InputException e = fails(GOOD + " " + GOOD, Strictness.STRICT);
        assertEquals(dir.resolve("scans.jsonl") + ":2:" + (GOOD.length() + 2) + ": expected one scan object per line",
                e.getMessage());
    }

    @Test
    void unknownFieldsOnlyInStrictMode() throws IOException {
        String extra = GOOD.replace("\"findings\":[]", "\"findings\":[],\"scanner\":{\"name\":\"x\"}");
        InputException e = fails(extra, Strictness.STRICT);
        assertEquals("/scanner", e.field());
        Path f = dir.resolve("ok.jsonl");
        String findingExtra = GOOD.replace("\"findings\":[]", "\"findings\":[{\"id\":\"C1\",\"severity\":\"low\",\"lang\":\"go\"},"
                + "{\"id\":\"C2\",\"severity\":\"low\",\"lang\":\"go\"}]");
        Files.writeString(f, GOOD + "\n\n" + extra + "\n" + extra + "\n" + findingExtra + "\n");
        List<Scan> scans = new ArrayList<>();
        Loaded<Long> read = ScanReader.forEach(f, Strictness.LENIENT, scans::add);
        assertEquals(4L, read.value());
        assertEquals(4, scans.size());
        List<String> shown = read.warnings().stream().map(Object::toString).toList();
        int col = extra.indexOf("\"scanner\"") + 1;
        int langCol = findingExtra.indexOf("\"lang\"") + 1;
        assertEquals(List.of(
                f + ":3:" + col + ": /scanner: unknown field 'scanner' (ignored); 2 occurrences, the first shown",
                f + ":5:" + langCol + ": /findings/0/lang: unknown field 'lang' (ignored); 2 occurrences, the first shown"),
                shown);
    }

    @Test
    void writerAndReaderRoundTrip() throws IOException {
        Scan s = new Scan("t\"1", "acme/x:1", java.time.Instant.parse("2024-12-01T01:02:03Z"), List.of(
                new Finding("CVE-1", "critical", 9.8, 0.5, true, "SR", true, "openssl", "not_affected", 12),
                new Finding("CVE-2", "low", Double.NaN, Double.NaN, false, "UK", false, "", "", Double.NaN)));
        StringBuilder sb = new StringBuilder();
        ScanJson.appendLine(sb, s);
        Path f = dir.resolve("rt.jsonl");
        Files.writeString(f, sb);
        List<Scan> back = new ArrayList<>();
        ScanReader.forEach(f, Strictness.STRICT, back::add);
        assertEquals(List.of(s), back);
    }
}
