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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandsTest {
    static final String EX = "../examples/rollout/";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-12-29T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private Path scans() {
        Path f = dir.resolve("scans.jsonl");
        Result g = run(new GenerateScansCommand(CLOCK), "--tenants", EX + "tenants.yaml", "--out", f.toString(), "--count", "3000",
                "--seed", "789");
        assertEquals(0, g.code(), g.err());
        assertTrue(g.out().startsWith("wrote 3000 scans of 42 tenants over 30 days"), g.out());
        return f;
    }

    @Test
    void impactOnTheExamplesPrintsTheFlowJson() throws Exception {
        Path scans = scans();
        Result r = run(new ImpactCommand(CLOCK), "--plan", EX + "rollout-789.json", "--tenants", EX + "tenants.yaml",
                "--policies", EX + "policies", "--scans", scans.toString(), "--json");
        JsonNode a = new ObjectMapper().readTree(r.out()).get("impact_analysis");
        assertEquals("rollout-789", a.get("rollout_id").asText());
        assertEquals("2024-12-29T10:00:00Z", a.get("analysis_date").asText());
        JsonNode res = a.get("results");
        long analysed = res.get("total_scans_analyzed").asLong();
        long skipped = res.get("skipped_scans").asLong();
        assertEquals(3000, analysed + skipped);
        assertTrue(res.get("predicted_new_failures").asLong() > 0);
        long byTeam = 0;
        for (JsonNode t : res.get("by_team")) {
            byTeam += t.get("new_failures").asLong();
        }
        long byRule = 0;
        for (JsonNode t : res.get("top_triggered_rules")) {
            byRule += t.get("count").asLong();
        }
        assertEquals(res.get("predicted_new_failures").asLong(), byTeam);
        assertEquals(res.get("predicted_new_failures").asLong(), byRule);
        String rec = res.get("recommendation").asText();
        assertEquals(rec.equals("DO_NOT_PROCEED") ? 1 : 0, r.code(), r.err());
        JsonNode applied = res.get("thresholds").get("applied");
        assertEquals("failure_rate_change", applied.get(0).get("metric").asText());
        assertEquals(0.05, applied.get(0).get("do_not_proceed_above").asDouble());
        List<String> sources = new ArrayList<>();
        applied.forEach(c -> sources.add(c.get("source").asText()));
        assertEquals(List.of("stage canary max_failure_rate_increase", "stage canary max_new_failures",
                "stage early-adopters max_new_failures", "rollback trigger new_critical_blocks"), sources);
        assertEquals(rec, res.get("thresholds").get("decided_by").get("verdict").asText());
        assertTrue(res.get("excluded_tenants").size() >= 4);
    }

    @Test
    void impactTablePrintsTheRecommendationAndThresholds() {
        Path scans = scans();
        Result r = run(new ImpactCommand(CLOCK), "--plan", EX + "rollout-789.json", "--tenants", EX + "tenants.yaml",
                "--policies", EX + "policies", "--scans", scans.toString());
        assertTrue(r.out().contains("Impact of production v1.0.0 -> v2.0.0 (rollout rollout-789)"), r.out());
        assertTrue(r.out().contains("recommendation"), r.out());
        assertTrue(r.out().contains("DO_NOT_PROCEED above +5.00% (stage canary max_failure_rate_increase)"), r.out());
    }

    @Test
    void badInputIsExitTwoWithALocatedMessageAndNoStackTrace() throws Exception {
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, Files.readString(Path.of(EX + "rollout-789.json")).replace("\"value\": 75", "\"value\": \"lots\""));
        Result r = run(new ImpactCommand(CLOCK), "--plan", plan.toString(), "--tenants", EX + "tenants.yaml",
                "--policies", EX + "policies", "--scans", dir.resolve("none.jsonl").toString());
        assertEquals(2, r.code());
        assertEquals("error: " + plan + ":39:18: /stages/2/selection/value: expected a number from 0 to 100, got \"lots\"\n",
                r.err());
        assertFalse(r.err().contains("\tat "));
        Path unknownCanary = dir.resolve("plan2.json");
        Files.writeString(unknownCanary, Files.readString(Path.of(EX + "rollout-789.json"))
                .replace("platform-eng-core-services", "no-such-tenant"));
        Result u = run(new ImpactCommand(CLOCK), "--plan", unknownCanary.toString(), "--tenants", EX + "tenants.yaml",
                "--policies", EX + "policies", "--scans", dir.resolve("none.jsonl").toString());
        assertEquals(2, u.code());
        assertEquals("error: " + unknownCanary + ":11:19: /stages/0/tenants/0: expected a tenant id from the tenant file, got"
                + " \"no-such-tenant\"\n", u.err());
    }

    @Test
    void lenientModePrintsLocatedWarningsForEveryInput() throws Exception {
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, Files.readString(Path.of(EX + "rollout-789.json")).replace("\"strategy\": \"staged\",",
                "\"strategy\": \"staged\", \"owner\": \"me\","));
        Path scans = scans();
        Files.writeString(scans, "{\"tenant\":\"finance-ledger\",\"image\":\"i\",\"time\":\"2024-12-01T00:00:00Z\","
                + "\"findings\":[],\"scanner\":\"trivy\"}\n", java.nio.file.StandardOpenOption.APPEND);
        Result strict = run(new ImpactCommand(CLOCK), "--plan", plan.toString(), "--tenants", EX + "tenants.yaml",
                "--policies", EX + "policies", "--scans", scans.toString());
        assertEquals(2, strict.code());
        assertTrue(strict.err().startsWith("error: " + plan + ":6:"), strict.err());
        Result lenient = run(new ImpactCommand(CLOCK), "--plan", plan.toString(), "--tenants", EX + "tenants.yaml",
                "--policies", EX + "policies", "--scans", scans.toString(), "--lenient");
        assertTrue(lenient.err().startsWith("warning: " + plan + ":6:"), lenient.err());
        assertTrue(lenient.err().contains("/owner: unknown field 'owner'"), lenient.err());
        assertTrue(lenient.err().contains("warning: " + scans + ":3001:84: /scanner: unknown field 'scanner' (ignored)\n"),
                lenient.err());
        assertTrue(lenient.out().contains("recommendation"), lenient.out());
    }

    @Test
    void effectivePolicyShowsOriginsAndScope() throws Exception {
        Result r = run(new EffectivePolicyCommand(), "--tenant", "product-dev-data-pipeline", "--version", "v2.0.0",
                "--tenants", EX + "tenants.yaml", "--policies", EX + "policies");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("no-critical-reachable"), r.out());
        assertTrue(r.out().matches("(?s).*no-critical-reachable\\s+FAIL\\s+critical\\s+project data-pipeline"
                + "\\s+\\(overrides team product-development\\).*"), r.out());
        assertTrue(r.out().contains("scope: admitted"), r.out());
        Result j = run(new EffectivePolicyCommand(), "--tenant", "finance-ledger", "--version", "v2.0.0",
                "--tenants", EX + "tenants.yaml", "--policies", EX + "policies", "--json");
        JsonNode n = new ObjectMapper().readTree(j.out());
        assertEquals("LABEL", n.get("scope").get("code").asText());
        assertEquals("default", n.get("rules").get(0).get("origin").get("level").asText());
        Result missing = run(new EffectivePolicyCommand(), "--tenant", "nobody", "--version", "v2.0.0",
                "--tenants", EX + "tenants.yaml", "--policies", EX + "policies");
        assertEquals(2, missing.code());
        assertEquals("error: unknown tenant 'nobody'\n", missing.err());
    }
}
