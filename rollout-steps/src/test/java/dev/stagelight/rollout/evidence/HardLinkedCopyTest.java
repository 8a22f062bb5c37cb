package dev.stagelight.rollout.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.bench.GenerateIndex;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence bench's premise: appending through a hard-linked copy of an index ({@code cp -al}) never changes the
 * original, because the append path writes every file (partial entry bundle and hash tiles, digest shards, journal,
 * checkpoint) as a new file renamed or linked into place. Checked on an index whose last bundle and tiles are partial
 * (300 entries), by the bytes of every original file before and after, and by the original's verification.
 */
class HardLinkedCopyTest {
    @TempDir
    Path dir;

    @Test
    void appendingThroughAHardLinkedCopyLeavesTheOriginalAsItWas() throws Exception {
        Path original = dir.resolve("original"), copy = dir.resolve("copy");
        GenerateIndex.main(new String[] {original.toString(), "300", "100", "1"});
        Map<String, String> before = digests(original);
        assertTrue(before.keySet().stream().anyMatch(p -> p.matches("index/tile/entries/\\d+\\.p/\\d+")), before.keySet()
                .toString());
        try (Stream<Path> files = Files.walk(original)) {
            for (Path f : files.toList()) {
                Path to = copy.resolve(original.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.createLink(to, f);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            EvidenceBench.main(new String[] {copy.toString(), "0", "../examples/rollout", original.toString()});
        } finally {
            System.setOut(stdout);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("appended to a 300-entry index") && text.contains("untouched"), text);
        assertEquals(before, digests(original), "every file of the original keeps its bytes");
        assertTrue(Long.parseLong(Files.readAllLines(copy.resolve("index/checkpoint")).get(1)) > 300, text);
        GateVerdictEvidenceTest.verify(original.resolve("index"), original.resolve("keys"));
        GateVerdictEvidenceTest.verify(copy.resolve("index"), copy.resolve("keys"));
    }

    private static Map<String, String> digests(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(f).toString(), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }
}
