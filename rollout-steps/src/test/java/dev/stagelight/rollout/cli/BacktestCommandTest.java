package dev.stagelight.rollout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code rollout backtest} end to end: generate a history, backtest the example rules, exit codes. */
class BacktestCommandTest {
    static final Path RULES = Path.of("../examples/adaptive/adaptive.yaml").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        CommandLine cl = RolloutCli.commandLine(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        assertFalse(err.toString().contains("\tat "), "no stack traces: " + err);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void generateThenBacktestTheExampleRule() throws Exception {
        Path h = dir.resolve("history.csv");
        Run g = run("backtest", "--generate", h.toString(), "--days", "28", "--seed", "27");
        assertEquals(0, g.code(), g.err());
        assertTrue(g.out().contains("8064 points over 28 days with 10 labelled incidents"), g.out());
        byte[] first = Files.readAllBytes(h);
        assertEquals(0, run("backtest", "--generate", h.toString(), "--days", "28", "--seed", "27").code());
        assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(h)), "same seed, same file");

        Run t = run("backtest", "--history", h.toString(), "--rules", RULES.toString(), "--rule", "p95-latency-spike");
        assertEquals(0, t.code(), t.out() + t.err());
        assertTrue(t.out().contains("adaptive") && t.out().contains("fixed") && t.out().contains("guardrail: power"),
                t.out());
        Run j = run("backtest", "--history", h.toString(), "--rules", RULES.toString(), "--rule", "p95-latency-spike",
                "--json");
        JsonNode n = new ObjectMapper().readTree(j.out());
        assertEquals("p95-latency-spike", n.get("rule").get("id").asText());
        assertEquals(10, n.get("incidents").asInt());
        assertTrue(n.get("guardrail").get("holds").asBoolean());
        int adaptive = n.get("adaptive").get("alerts").asInt();
        int fixed = n.get("fixed").get("alerts").asInt();
        assertEquals(1 - (double) adaptive / fixed, n.get("alert_reduction").asDouble(), 1e-12);
        assertEquals(adaptive, n.get("adaptive").get("alert_list").size());
    }

    @Test
    void tuneStoresARuleThatReloadsAndHoldsTheGuardrail() throws Exception {
        Path h = dir.resolve("history.csv");
        run("backtest", "--generate", h.toString(), "--days", "28", "--seed", "27");
        Path tuned = dir.resolve("tuned.yaml");
        Run r = run("backtest", "--history", h.toString(), "--rules", RULES.toString(), "--rule", "p95-latency-spike",
                "--tune", "--write-rules", tuned.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("tuned over 60 combinations"), r.out());
        var rules = dev.stagelight.rollout.gate.adaptive.AdaptiveRules.load(tuned,
                dev.stagelight.rollout.input.Strictness.STRICT);
        var rule = rules.get("p95-latency-spike");
        Run again = run("backtest", "--history", h.toString(), "--rules", tuned.toString(), "--json");
        assertEquals(0, again.code(), again.err());
        JsonNode n = new ObjectMapper().readTree(again.out());
        assertEquals(rule.threshold(), n.get("rule").get("threshold").asDouble());
        assertTrue(n.get("adaptive").get("power").asDouble() >= 0.8);
        assertEquals(2, run("backtest", "--history", h.toString(), "--write-rules", tuned.toString()).code(),
                "--write-rules without --tune");
    }

    @Test
    void theGuardrailRefusesWithExitOne() throws Exception {
        Path h = dir.resolve("history.csv");
        run("backtest", "--generate", h.toString(), "--days", "14");
        Run r = run("backtest", "--history", h.toString(), "--threshold", "40");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("refused: rule 'default' detects 0 of 3 incidents (power 0.00), below its min_power"),
                r.err());
    }

    @Test
    void badInputIsExitTwoNamingFileAndField() throws Exception {
        Path h = dir.resolve("bad.csv");
        Files.writeString(h, "timestamp,value\n2026-11-02T00:00:00Z,fast\n");
        Run r = run("backtest", "--history", h.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.csv:2:22: value: expected a number (or NaN), got 'fast'"), r.err());
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "rules:\n  - id: a\n    alpha: 0\n");
        r = run("backtest", "--history", h.toString(), "--rules", rules.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("rules.yaml:3:12: /rules/0/alpha: expected a number in (0, 1], got 0"), r.err());
        r = run("backtest", "--history", h.toString(), "--rules", RULES.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("name one with --rule"), r.err());
        assertEquals(2, run("backtest").code());
    }
}
