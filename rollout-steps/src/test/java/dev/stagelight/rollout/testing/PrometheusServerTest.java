package dev.stagelight.rollout.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusServerTest {
    @Test
    void aMissingBinaryFailsWithTheInstallHint(@org.junit.jupiter.api.io.TempDir java.nio.file.Path empty) {
        AssertionError e = assertThrows(AssertionError.class, () -> PrometheusServer.binary("prometheus",
                empty.toString()));
        assertEquals("prometheus not found; install Prometheus: scripts/install-deps.sh", e.getMessage());
    }

    @Test
    void historyIsOpenMetricsWithSecondsAndEof() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        String text = new OpenMetricsHistory()
                .add("requests_total", Map.of("z", "1", "a", "x\"y"), t.plusSeconds(60), 7)
                .add("requests_total", Map.of("z", "1", "a", "x\"y"), t, 3)
                .add("odd", Map.of(), t, Double.NaN)
                .add("odd", Map.of("k", "i"), t, Double.POSITIVE_INFINITY)
                .add("lat", Map.of(), t, 0.25)
                .text();
        assertEquals("""
                # TYPE lat gauge
                lat 0.25 1767225600
                # TYPE odd gauge
                odd NaN 1767225600
                odd{k="i"} +Inf 1767225600
                # TYPE requests counter
                requests_total{a="x\\"y",z="1"} 3 1767225600
                requests_total{a="x\\"y",z="1"} 7 1767225660
                # EOF
                """, text);
    }
}
