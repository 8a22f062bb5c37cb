package dev.stagelight.rollout.impact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.tenant.Tenants;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScanGeneratorTest {
    static final Tenants TENANTS = Tenants.load(Path.of("../examples/rollout/tenants.yaml"), Strictness.STRICT);
    static final Instant END = Instant.parse("2024-12-29T00:00:00Z");

    private static String lines(long seed, int n) {
        StringBuilder sb = new StringBuilder();
        new ScanGenerator(seed, TENANTS.all(), END, Duration.ofDays(30)).generate(n, s -> ScanJson.appendLine(sb, s));
        return sb.toString();
    }

    @Test
    void sameSeedSameScans() {
        assertEquals(lines(7, 500), lines(7, 500));
        assertNotEquals(lines(7, 500), lines(8, 500));
    }

    @Test
    void distributionsLookLikeScannerOutput() {
        Map<String, Integer> severity = new HashMap<>();
        Map<String, Integer> tenants = new HashMap<>();
        int[] counts = new int[3]; // findings, kev, clean scans
        int n = 20_000;
        new ScanGenerator(1, TENANTS.all(), END, Duration.ofDays(30)).generate(n, s -> {
            tenants.merge(s.tenant(), 1, Integer::sum);
            if (s.findings().isEmpty()) {
                counts[2]++;
            }
            assertTrue(!s.time().isAfter(END) && s.time().isAfter(END.minus(Duration.ofDays(30))));
            for (Finding f : s.findings()) {
                counts[0]++;
                severity.merge(f.severity(), 1, Integer::sum);
                if (f.kev()) {
                    counts[1]++;
                }
            }
        });
        double findings = counts[0];
        double lowOrMedium = (severity.getOrDefault("medium", 0) + severity.getOrDefault("low", 0)) / findings;
        assertTrue(lowOrMedium > 0.6, "most findings are low or medium: " + severity);
        assertTrue(severity.getOrDefault("critical", 0) / findings < 0.12, "few criticals: " + severity);
        assertTrue(counts[1] / findings > 0.001 && counts[1] / findings < 0.03, "few KEV: " + counts[1]);
        assertTrue(counts[2] > n * 0.25 && counts[2] < n * 0.45, "about a third clean: " + counts[2]);
        // The busiest tenant by scan_volume gets the most scans.
        String busiest = TENANTS.all().stream().max((a, b) -> Long.compare(a.scanVolume(), b.scanVolume())).orElseThrow().id();
        assertEquals(busiest, tenants.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey());
    }
}
