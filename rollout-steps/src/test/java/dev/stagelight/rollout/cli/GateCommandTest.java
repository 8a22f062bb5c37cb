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

/**
 * {@code rollout gate} end to end against a real Prometheus (exit codes, JSON, chart, recording and replaying
 * offline), and {@code rollout advance} judging a stage by the gates its plan names, on the same server.
 */
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
        assertTrue(fail.out().contains("latency-p95-vs-baseline") && fail.out().toUpperCase(java.util.Locale.ROOT).contains("HIGH") && fail.out().contains("interval ["), fail.out());
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

    // ---- rollout advance with gates -----------------------------------------------------------------------------

    static final Path EXAMPLES = Path.of("../examples/rollout").toAbsolutePath().normalize();

    /** A two-stage plan whose canary (1 h window) is judged by the example's error-ratio template. */
    static Path plan(String id, String analysis) throws Exception {
        Path p = dir.resolve(id + ".json");
        Files.writeString(p, """
                {"rollout_id": "%s", "policy_set": "production", "from_version": "v1.0.0", "to_version": "v2.0.0",
                 "strategy": "staged",
                 "stages": [
                   {"name": "canary", "tenants": ["platform-eng-core-services"], "duration": "1h",
                    "analysis": %s},
                   {"name": "full", "selection": {"method": "all"}}],
                 "rollback": {"automatic": true}}
                """.formatted(id, analysis));
        return p;
    }

    /** Starts and approves {@code id} in its own store and opens the canary's window at {@code at}. */
    static String begin(String id, String analysis, Instant at) throws Exception {
        String store = dir.resolve("store-" + id).toString();
        Run start = run("start", "--plan", plan(id, analysis).toString(), "--tenants",
                EXAMPLES.resolve("tenants.yaml").toString(), "--policies", EXAMPLES.resolve("policies").toString(),
                "--store", store, "--by", "admin", "--now", at.toString());
        assertEquals(0, start.code(), start.out() + start.err());
        assertEquals(0, run("approve", id, "--by", "lead", "--store", store, "--now", at.toString()).code());
        Run open = advance(id, store, at);
        assertTrue(open.out().contains("monitoring until " + at.plusSeconds(3600)), open.out());
        return store;
    }

    static Run advance(String id, String store, Instant now, String... source) {
        List<String> a = new ArrayList<>(List.of("advance", id, "--store", store, "--now", now.toString(),
                "--gates", GATES));
        a.addAll(source.length == 0 ? List.of("--prometheus", prometheus.url().toString()) : List.of(source));
        return run(a.toArray(String[]::new));
    }

    static JsonNode status(String id, String store) throws Exception {
        return new ObjectMapper().readTree(run("status", id, "--store", store, "--json").out());
    }

    static JsonNode stored(String id, String store) throws Exception {
        try (var files = Files.walk(Path.of(store))) {
            Path state = files.filter(f -> f.getFileName().toString().equals("state.json")
                    && f.toString().contains(id)).findFirst().orElseThrow();
            return new ObjectMapper().readTree(state.toFile());
        }
    }

    static final String USES = "[{\"template\": \"error-ratio\", \"args\": {\"max\": \"0.05\"}}]";

    @Test
    void aHealthyCanaryCompletesItsStageWithTheVerdictStored() throws Exception {
        Instant at = CanaryHistory.at(Scenario.HEALTHY).minusSeconds(3600);
        String store = begin("gated-pass", USES, at);
        Run mid = advance("gated-pass", store, at.plusSeconds(1800));
        assertEquals(0, mid.code(), mid.out() + mid.err());
        assertTrue(mid.out().startsWith("gates of stage canary: canary-gates at "), mid.out());
        Run end = advance("gated-pass", store, at.plusSeconds(3600));
        assertEquals(0, end.code(), end.out() + end.err());
        assertTrue(end.out().contains("\"event\":\"rollout.stage.completed\""), end.out());
        JsonNode canary = stored("gated-pass", store).get("stages").get(0);
        assertEquals("COMPLETED", canary.get("status").asText());
        JsonNode gate = canary.get("last_known_good").get("gate");
        assertEquals("pass", gate.get("status").asText(), gate.toString());
        assertEquals(at.plusSeconds(3600).toString(), gate.get("evaluated_at").asText());
        assertEquals(4, gate.get("evidence").size(), gate.toString());
        assertEquals("error-ratio", canary.get("spec").get("analysis").get("templates").get(0).get("template").asText());
    }

    @Test
    void aFailedGateRollsBackAtOnce() throws Exception {
        Instant at = CanaryHistory.at(Scenario.ERRORS).minusSeconds(3600);
        String store = begin("gated-fail", USES, at);
        Run r = advance("gated-fail", store, at.plusSeconds(1800));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("\"event\":\"rollout.rollback\"") && r.out().contains("gate failed: "), r.out());
        assertEquals("rolled_back", status("gated-fail", store).get("status").asText());
    }

    @Test
    void anInconclusiveGateAtTheWindowsEndPausesForAPerson() throws Exception {
        Instant at = CanaryHistory.at(Scenario.STOPPED).minusSeconds(3600);
        String store = begin("gated-stop", USES, at);
        Run r = advance("gated-stop", store, at.plusSeconds(3600));
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode s = status("gated-stop", store);
        assertEquals("paused", s.get("status").asText(), s.toString());
        assertTrue(s.toString().contains("gate inconclusive: "), s.toString());
    }

    @Test
    void unreadableMetricsExtendMonitoringThreeTimesThenTheStageTimesOut() throws Exception {
        Path nothing = dir.resolve("nothing-recorded.json");
        Files.writeString(nothing, "{\"recordings\": [{\"query\": \"up\", \"series\": []}]}");
        Instant at = CanaryHistory.at(Scenario.HEALTHY).minusSeconds(3600);
        String store = begin("gated-error", USES, at);
        // Extensions are max(1h / 4, 1 h) = 1 h each; the deadline is the window's end + 3 h.
        for (int h = 1; h <= 3; h++) {
            Run r = advance("gated-error", store, at.plusSeconds(3600L * h), "--samples", nothing.toString());
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("\"event\":\"rollout.monitoring.extended\"") && r.out().contains(
                    "\"extension\":" + h) && r.out().contains("query not recorded"), r.out());
        }
        Run timeout = advance("gated-error", store, at.plusSeconds(3600L * 4), "--samples", nothing.toString());
        assertEquals(0, timeout.code(), timeout.out() + timeout.err());
        JsonNode s = status("gated-error", store);
        assertEquals("paused", s.get("status").asText());
        assertTrue(s.toString().contains("stage timeout"), s.toString());
    }

    @Test
    void aStageWithGatesNeedsTheGateFileAndASource() throws Exception {
        Instant at = CanaryHistory.at(Scenario.HEALTHY).minusSeconds(3600);
        String store = begin("gated-usage", USES, at);
        Run noSource = run("advance", "gated-usage", "--store", store, "--now", at.toString(), "--gates", GATES);
        assertEquals(2, noSource.code());
        assertTrue(noSource.err().contains("--gates needs a metric source"), noSource.err());
        Run plain = run("advance", "gated-usage", "--store", store, "--now", at.plusSeconds(60).toString());
        assertEquals(0, plain.code());
        assertTrue(plain.err().contains("names gates; without --gates"), plain.err());
        Run unknown = run("start", "--plan", plan("gated-bad", "[{\"template\": \"nope\"}]").toString(), "--tenants",
                EXAMPLES.resolve("tenants.yaml").toString(), "--policies", EXAMPLES.resolve("policies").toString(),
                "--store", dir.resolve("store-bad").toString(), "--by", "admin", "--now", at.toString());
        assertEquals(0, unknown.code(), "the plan names templates; the gate file resolves them at advance");
        run("approve", "gated-bad", "--by", "lead", "--store", dir.resolve("store-bad").toString(), "--now", at.toString());
        advance("gated-bad", dir.resolve("store-bad").toString(), at);
        Run bad = advance("gated-bad", dir.resolve("store-bad").toString(), at.plusSeconds(60));
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("stage canary: no analysis template 'nope' (have: error-ratio)"), bad.err());
    }
}
