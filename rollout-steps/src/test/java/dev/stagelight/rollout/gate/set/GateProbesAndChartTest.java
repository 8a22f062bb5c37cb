package dev.stagelight.rollout.gate.set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.stagelight.rollout.gate.probe.HttpProber;
import dev.stagelight.rollout.gate.source.FileSource;
import dev.stagelight.rollout.gate.source.TemplateVars;
import dev.stagelight.rollout.input.Strictness;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gate set's probes against a real HTTP server on 127.0.0.1, and the chart's escaping of metric-borne text. */
class GateProbesAndChartTest {
    static final Instant AT = Instant.parse("2026-01-01T12:00:00Z");

    @TempDir
    Path dir;
    HttpServer server;
    final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/healthz", x -> {
            x.sendResponseHeaders(status.get(), -1);
            x.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    GateVerdict probe(int failureLimit) throws Exception {
        GateSet set = GateSetFile.parse("gates.yaml", "probes:\n  - {name: api, url: 'http://127.0.0.1:"
                + server.getAddress().getPort() + "/healthz', timeout: 2s, failure_limit: " + failureLimit + "}\n",
                Strictness.STRICT);
        Path empty = dir.resolve("none.yaml");
        Files.writeString(empty, "recordings: []\n");
        return new GateEvaluator(FileSource.load(empty), new HttpProber()).evaluate(set,
                TemplateVars.stage("canary", List.of(), Duration.ofMinutes(5)), AT);
    }

    @Test
    void aHealthyProbePassesAFailingOneIsInconclusiveUntilPastItsLimit() throws Exception {
        assertEquals(GateStatus.PASS, probe(3).status());
        status.set(503);
        GateVerdict failing = probe(3);
        assertEquals(GateStatus.INCONCLUSIVE, failing.status(), failing.describe());
        assertTrue(failing.describe().contains("HTTP 503, expected 200"), failing.describe());
        GateVerdict failed = probe(0);
        assertEquals(GateStatus.FAILED, failed.status(), failed.describe());
        assertEquals(503, VerdictJson.toJson(failed).get("probes").get(0).get("http_status").asInt());
    }

    @Test
    void theChartEscapesEveryText() throws Exception {
        String evil = "<script>alert(\"x\")</script>&";
        Path f = dir.resolve("samples.yaml");
        Files.writeString(f, "recordings:\n  - query: 'max(m{group=\"baseline\"})'\n    series: [{labels: {x: '" + evil
                + "'}, samples: [[" + (AT.getEpochSecond() - 60) + ", 1], [" + AT.getEpochSecond() + ", 2]]}]\n"
                + "  - query: 'max(m{group=\"canary\"})'\n    series: [{labels: {}, samples: [["
                + (AT.getEpochSecond() - 60) + ", 1.5], [" + AT.getEpochSecond() + ", 2.5]]}]\n");
        GateSet set = GateSetFile.parse("gates.yaml", """
                judge:
                  - name: '%s'
                    query: max(m{group="{{group}}"})
                    window: 5m
                """.formatted(evil), Strictness.STRICT);
        GateVerdict v = new GateEvaluator(FileSource.load(f), new HttpProber()).evaluate(set,
                TemplateVars.stage("canary", List.of(), Duration.ofMinutes(5)), AT);
        String svg = VerdictChart.svg(GateOutcome.single(v));
        assertFalse(svg.contains("<script"), svg);
        assertTrue(svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;"), svg);
        Path out = dir.resolve("c.svg");
        Files.writeString(out, svg);
        assertEquals("svg", DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.toFile())
                .getDocumentElement().getNodeName());
    }
}
