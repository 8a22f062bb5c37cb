package dev.stagelight.rollout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rollout judge} through the real command line: exit codes, lines, JSON evidence, bad input. */
class JudgeCommandTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static CommandsTest.Result judge(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "judge";
        System.arraycopy(args, 0, all, 1, args.length);
        java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
        picocli.CommandLine cl = RolloutCli.commandLine(Clock.systemUTC());
        cl.setOut(new java.io.PrintWriter(out));
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute(all);
        return new CommandsTest.Result(code, out.toString(), err.toString());
    }

    @Test
    void passFailMarginalAndNoDataExitCodes() throws Exception {
        Path base = file("baseline.yaml", "metrics:\n  latency: [1, 2.2, 1.1, 2.5, 3.0]\n  errors: [5, 6, 7, 8, 9]\n");
        Path same = file("same.yaml", "metrics:\n  latency: [1, 2.2, 1.1, 2.5, 3.0]\n  errors: [5, 6, 7, 8, 9]\n");
        Path high = file("high.yaml", "metrics:\n  latency: [20, 22, 21, 25, 30]\n  errors: [5, 6, 7, 8, 9]\n");
        Path none = file("none.yaml", "metrics:\n  latency: []\n  errors: [\"NaN\"]\n");

        CommandsTest.Result pass = judge("--baseline", base.toString(), "--canary", same.toString());
        assertEquals(0, pass.code(), pass.err());
        assertTrue(pass.out().startsWith("judge: PASS (score 100), "), pass.out());

        CommandsTest.Result half = judge("--baseline", base.toString(), "--canary", high.toString());
        assertEquals(3, half.code(), half.out());
        assertTrue(half.out().startsWith("judge: MARGINAL (score 50)"), half.out());
        assertTrue(half.out().contains("latency: High, interval ["), half.out());

        Path cfg = file("judge.yaml", """
                metrics:
                  - {name: latency, groups: [latency], direction: increase, critical: true}
                  - {name: errors, groups: [errors]}
                """);
        CommandsTest.Result fail = judge("--baseline", base.toString(), "--canary", high.toString(),
                "--config", cfg.toString());
        assertEquals(1, fail.code(), fail.out());
        assertTrue(fail.out().startsWith("judge: FAIL (score 0), critical metric failed: latency: High (critical)"),
                fail.out());

        CommandsTest.Result noData = judge("--baseline", base.toString(), "--canary", none.toString());
        assertEquals(3, noData.code(), noData.out());
        assertTrue(noData.out().startsWith("judge: NODATA, 2 of 2 metrics have no data"), noData.out());
    }

    @Test
    void jsonCarriesEveryMetricsEvidence() throws Exception {
        Path base = file("baseline.json", "{\"metrics\": {\"latency\": [1, 2.2, 1.1, 2.5, 3.0, \"NaN\"]}}");
        Path canary = file("canary.json", "{\"metrics\": {\"latency\": [20, 22, 21, 25, 30]}}");
        Path cfg = file("judge.yaml", "defaults: {tolerance: 0.1, confidence: 0.95,"
                + " effect_size: {allowed_decrease: 0.8, allowed_increase: 1.2}}\n");
        CommandsTest.Result r = judge("--baseline", base.toString(), "--canary", canary.toString(), "--config",
                cfg.toString(), "--json");
        assertEquals(1, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("fail", j.get("result").asText());
        assertEquals(0.0, j.get("score").asDouble());
        JsonNode m = j.get("metrics").get(0);
        assertEquals("latency", m.get("name").asText());
        assertEquals("High", m.get("classification").asText());
        assertEquals("Wilcoxon rank sum exact test", m.get("test").get("method").asText());
        assertEquals(0.95, m.get("interval").get("confidence").asDouble());
        assertTrue(m.get("interval").get("lower").asDouble() > m.get("bound").asDouble());
        assertTrue(m.get("effect_size").get("value").asDouble() > 10);
        assertEquals("mean_ratio", m.get("effect_size").get("measure").asText());
        assertEquals(6, m.get("samples").get("baseline").get("given").asInt());
        assertEquals(1, m.get("samples").get("baseline").get("nan").asInt());
        assertEquals(5, m.get("samples").get("baseline").get("used").asInt());
        assertEquals(5, m.get("samples").get("canary").get("used").asInt());
        assertTrue(m.get("reason").asText().startsWith("latency: High"));
        assertEquals(0.0, j.get("groups").get(0).get("score").asDouble());
    }

    @Test
    void badInputExitsTwoNamingFileAndField() throws Exception {
        Path base = file("baseline.yaml", "metrics:\n  latency: [1, 2, fast]\n");
        Path canary = file("canary.yaml", "metrics:\n  latency: [1, 2, 3]\n");
        CommandsTest.Result r = judge("--baseline", base.toString(), "--canary", canary.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("baseline.yaml:2:19: /metrics/latency/2: expected a number"), r.err());
        Path cfg = file("judge.yaml", "defaults: {direction: sideways}\n");
        CommandsTest.Result c = judge("--baseline", canary.toString(), "--canary", canary.toString(), "--config",
                cfg.toString());
        assertEquals(2, c.code());
        assertTrue(c.err().contains("judge.yaml:1:23: /defaults/direction: expected one of increase, decrease, either"),
                c.err());
        assertEquals(2, judge("--canary", canary.toString()).code());
        CommandsTest.Result missing = judge("--baseline", dir.resolve("nope.yaml").toString(), "--canary",
                canary.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.yaml: cannot read file"), missing.err());
    }

    @Test
    void unjudgedMetricsAreNamedAndHelpDocumentsTheSampleFormat() throws Exception {
        Path s = file("s.yaml", "metrics:\n  latency: [1, 2, 3]\n  extra: [1]\n");
        Path cfg = file("judge.yaml", "metrics: [{name: latency}]\n");
        CommandsTest.Result r = judge("--baseline", s.toString(), "--canary", s.toString(), "--config", cfg.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.err().contains("warning: metric 'extra' is in the samples but not in"), r.err());
        CommandsTest.Result help = judge("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("latency_p95: [0.212, 0.219, 0.207, \"NaN\"]"), help.out());
        assertTrue(help.out().contains("0 pass, 1 fail, 3 marginal or no data"), help.out());
    }
}
