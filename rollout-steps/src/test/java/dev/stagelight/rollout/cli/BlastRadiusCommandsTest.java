package dev.stagelight.rollout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The blast radius of the examples' plan, as a new user sees it from {@code plan} and {@code impact}. */
class BlastRadiusCommandsTest {
    static final Path EX = Path.of("../examples/rollout").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private String[] run(String... args) {
        CommandLine cl = RolloutCli.commandLine(Clock.fixed(Instant.parse("2024-12-29T10:00:00Z"), ZoneOffset.UTC));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    private String[] planArgs(String command, String... more) {
        String[] base = {command, "--plan", EX.resolve("rollout-789.json").toString(), "--tenants",
            EX.resolve("tenants.yaml").toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void planShowsWhatEachStageAddsAndNamesTheRiskyStages() throws Exception {
        String[] r = run(planArgs("plan"));
        assertEquals("0", r[0], r[2]);
        String out = r[1];
        assertTrue(out.contains("+volume"), out);
        assertTrue(out.matches("(?s).*\\n  full +all +9 +71\\.4% +37 .*"), out);
        assertTrue(out.contains("warning: stage early-adopters (25% by scan_volume) takes 26 of 37 tenants (70.3%) for 27.0%"
                + " of the scan volume"), out);
        assertTrue(out.contains("warning: stage full moves 71.4% of the scan volume in one step"), out);
        assertTrue(!out.contains("warning: stage majority") && !out.contains("warning: stage canary"), out);

        JsonNode j = new ObjectMapper().readTree(run(planArgs("plan", "--json"))[1]);
        assertEquals(2, j.get("stages").get(2).get("added_tenants").asInt(), "majority adds 2 tenants");
        assertEquals(2, j.get("warnings").size());
        assertEquals("early-adopters", j.get("warnings").get(0).get("stage").asText());
        assertEquals("tenant_heavy", j.get("warnings").get(0).get("kind").asText());
        assertEquals("full", j.get("warnings").get(1).get("stage").asText());
        assertEquals("big_step", j.get("warnings").get(1).get("kind").asText());
    }

    @Test
    void impactShowsTheBlastRadiusToo() throws Exception {
        Path scans = dir.resolve("scans.jsonl");
        String[] g = run("generate-scans", "--tenants", EX.resolve("tenants.yaml").toString(), "--out", scans.toString(),
                "--count", "2000", "--end", "2024-12-29T00:00:00Z");
        assertEquals("0", g[0], g[2]);
        String[] t = run(planArgs("impact", "--scans", scans.toString()));
        assertTrue(t[1].contains("blast radius"), t[1]);
        assertTrue(t[1].contains("warning: stage full moves 71.4%"), t[1]);
        JsonNode j = new ObjectMapper().readTree(run(planArgs("impact", "--scans", scans.toString(), "--json"))[1]);
        JsonNode br = j.get("impact_analysis").get("blast_radius");
        assertEquals(4, br.get("stages").size());
        assertEquals(12311, br.get("stages").get(3).get("added_scan_volume").asLong());
        assertEquals(2, br.get("warnings").size());
        assertTrue(j.get("impact_analysis").has("results"), "the flow's shape is kept");
    }
}
