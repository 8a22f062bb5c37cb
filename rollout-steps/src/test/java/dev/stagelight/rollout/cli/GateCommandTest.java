package dev.stagelight.rollout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.rollout.testing.CanaryHistory;
import dev.stagelight.rollout.testing.CanaryHistory.Scenario;
import dev.stagelight.rollout.testing.PrometheusServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code rollout gate} end to end against a real Prometheus, its exit codes, recording and replaying offline. */
class GateCommandTest {
    static final String GATES = Path.of("../examples/gates/canary-gates.yaml").toAbsolutePath().toString();
    static final Path SAMPLES = Path.of("../examples/gates/canary-samples.json").toAbsolutePath();

    @TempDir
    static Path dir;
    static PrometheusServer prometheus;

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void start() throws Exception {
        prometheus = PrometheusServer.start(dir, CanaryHistory.generate(27));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    static Run run(String... args) {
        CommandLine cl = RolloutCli.commandLine(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        assertFalse(err.toString().contains("\tat "), "no stack traces: " + err);
        return new Run(code, out.toString(), err.toString());
    }

    static Run gate(Scenario s, String... more) {
        List<String> a = new ArrayList<>(List.of("gate", "--gates", GATES, "--prometheus", prometheus.url().toString(),
                "--at", CanaryHistory.at(s).toString()));
        a.addAll(List.of(more));
        return run(a.toArray(String[]::new));
    }

    @Test
    void exitCodesFollowTheVerdict() {
        Run pass = gate(Scenario.HEALTHY);
        assertEquals(0, pass.code(), pass.out() + pass.err());
        assertTrue(pass.out().startsWith("canary-gates at 2026-01-01T18:00:00Z: pass"), pass.out());
        Run fail = gate(Scenario.LATENCY);
        assertEquals(1, fail.code(), fail.out() + fail.err());
        assertTrue(fail.out().contains("judge latency-p95-vs-baseline: failed, latency-p95-vs-baseline: HIGH"), fail.out());
        Run stopped = gate(Scenario.STOPPED);
        assertEquals(3, stopped.code(), stopped.out() + stopped.err());
    }

    @Test
    void jsonAndChart() throws Exception {
        Path chart = dir.resolve("chart.svg");
        Run r = gate(Scenario.ERRORS, "--json", "--chart", chart.toString());
        assertEquals(1, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("failed", j.get("status").asText());
        assertEquals(prometheus.url().toString(), j.get("source").asText().replace("prometheus ", ""));
        // The chart is well-formed XML with a series per side.
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(chart.toFile());
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertTrue(doc.getElementsByTagName("polyline").getLength() >= 5, Files.readString(chart));
    }

    @Test
    void aRecordedRunReplaysOfflineToTheSameVerdict() throws Exception {
        Path rec = dir.resolve("recorded.json");
        Run online = gate(Scenario.ERRORS, "--json", "--record", rec.toString());
        assertEquals(1, online.code(), online.err());
        Run offline = run("gate", "--gates", GATES, "--samples", rec.toString(), "--at",
                CanaryHistory.at(Scenario.ERRORS).toString(), "--json");
        assertEquals(1, offline.code(), offline.err());
        JsonNode a = new ObjectMapper().readTree(online.out()), b = new ObjectMapper().readTree(offline.out());
        assertEquals(a.get("evidence"), b.get("evidence"));
    }

    @Test
    void theShippedSamplesRunOffline() {
        Run r = run("gate", "--gates", GATES, "--samples", SAMPLES.toString(), "--at",
                CanaryHistory.at(Scenario.ERRORS).toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("analysis error-ratio/canary-error-ratio: failed"), r.out());
    }

    @Test
    void badInputExitsTwoNamingFileAndField() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "judge:\n  - name: x\n    query: max(m)\n    window: 1h\n");
        Run r = run("gate", "--gates", bad.toString(), "--prometheus", prometheus.url().toString(), "--at",
                "2026-01-01T18:00:00Z");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.yaml") && r.err().contains("/judge/0/query") && r.err().contains("{{group}}"),
                r.err());
        Run at = run("gate", "--gates", GATES, "--prometheus", prometheus.url().toString(), "--at", "yesterday");
        assertEquals(2, at.code());
        assertTrue(at.err().contains("--at yesterday"), at.err());
        Run none = run("gate", "--gates", GATES, "--at", "2026-01-01T18:00:00Z");
        assertEquals(2, none.code(), none.err());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Run r = run("gatez");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Unmatched argument at index 0: 'gatez'"), r.err());
        assertTrue(r.err().contains("rollout gate"), r.err()); // the suggestion
        assertEquals("", r.out());
        Run empty = run();
        assertEquals(2, empty.code());
        assertTrue(empty.err().contains("Missing required subcommand") && empty.err().contains("--help"), empty.err());
    }
}
