package dev.stagelight.rollout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** The strategies' worked examples through the command line, as strategies.md walks through them. */
class StrategyCommandsTest {
    static final Path EX = Path.of("../examples/rollout").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        CommandLine cl = RolloutCli.commandLine(Clock.fixed(Instant.parse("2024-12-29T10:00:00Z"), ZoneOffset.UTC));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    String[] with(String command, String plan, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--plan", EX.resolve(plan).toString(), "--tenants",
                EX.resolve("tenants.yaml").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void compareSaysSwitchOrStayAndWritesObservationsForAdvance() throws Exception {
        Path scans = dir.resolve("scans.jsonl");
        assertEquals(0, run("generate-scans", "--tenants", EX.resolve("tenants.yaml").toString(), "--out", scans.toString(),
                "--count", "15000", "--end", "2024-12-29T00:00:00Z").code());
        Path obs = dir.resolve("compare.json");
        Run r = run(with("compare", "blue-green.yaml", "--scans", scans.toString(), "--observations-out", obs.toString()));
        assertTrue(r.code() == 0 || r.code() == 1, r.err());
        assertTrue(r.out().contains("verdict match rate"), r.out());
        JsonNode o = new ObjectMapper().readTree(Files.readString(obs));
        double rate = o.get("metrics").get("verdict_match_rate").asDouble();
        assertEquals(rate >= 0.95 ? 0 : 1, r.code(), r.out());
        assertTrue(r.out().contains(rate >= 0.95 ? "SWITCH to v2.0.0" : "STAY on v1.0.0"), r.out());

        Run j = run(with("compare", "blue-green.yaml", "--scans", scans.toString(), "--since", "2024-12-20T00:00:00Z",
                "--until", "2024-12-29T00:00:00Z", "--json"));
        JsonNode c = new ObjectMapper().readTree(j.out()).get("blue_green_comparison");
        assertEquals(c.get("scans_compared").asLong() - c.get("mismatching_verdicts").asLong() >= 0, true);
        assertEquals(c.get("mismatches").size(), Math.min(50, c.get("mismatching_verdicts").asInt()));

        Run wrong = run(with("compare", "rollout-789.json", "--scans", scans.toString()));
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("compare is for strategy blue_green"), wrong.err());
    }

    @Test
    void effectivePolicyPrintsTheFlagAsPlannedAndAsServed() throws Exception {
        String store = dir.resolve("store").toString();
        String[] ep = {"effective-policy", "--plan", EX.resolve("feature-flag.yaml").toString(), "--tenants",
            EX.resolve("tenants.yaml").toString(), "--policies", EX.resolve("policies").toString(), "--tenant"};
        Run off = run(concat(ep, "finance-billing-eu"));
        assertEquals(0, off.code(), off.err());
        assertTrue(off.out().startsWith("Feature flag policy-v2-enabled for finance-billing-eu: off (override, as planned)"
                + " -> v1.0.0"), off.out());
        assertTrue(off.out().contains("Effective policy production v1.0.0"), off.out());

        assertEquals(0, run(with("start", "feature-flag.yaml", "--store", store, "--by", "admin")).code());
        assertEquals(0, run("approve", "rollout-792-flag", "--by", "pa", "--notes", "go", "--store", store).code());
        assertEquals(0, run("advance", "rollout-792-flag", "--store", store).code());
        Run on = run(concat(ep, "security-vuln-scanner", "--store", store, "--json"));
        JsonNode f = new ObjectMapper().readTree(on.out()).get("feature_flag");
        assertEquals(true, f.get("on").asBoolean());
        assertEquals("override", f.get("source").asText());
        assertEquals("v2.0.0", new ObjectMapper().readTree(on.out()).get("version").asText());

        Run m = run("metrics", "--store", store);
        assertTrue(m.out().contains("stagelight_feature_flag{rollout_id=\"rollout-792-flag\",flag=\"policy-v2-enabled\","
                + "tenant=\"security-vuln-scanner\"} 1"), m.out());
        assertTrue(m.out().contains("tenant=\"product-dev-web-app-eu\"} 0"), m.out());
    }

    @Test
    void canaryTrafficShowsItsShareInStatusLine() throws Exception {
        String store = dir.resolve("store").toString();
        Run plan = run(with("plan", "canary-traffic.yaml"));
        assertTrue(plan.out().contains("traffic-5 ") && plan.out().contains("traffic-100"), plan.out());
        assertEquals(0, run(with("start", "canary-traffic.yaml", "--store", store, "--by", "admin")).code());
        run("approve", "rollout-790-canary", "--by", "pa", "--notes", "go", "--store", store);
        Run a = run("advance", "rollout-790-canary", "--store", store);
        assertTrue(a.out().contains("\"traffic_percentage\":5.0"), a.out());
        assertTrue(a.out().contains("traffic 5%"), a.out());
    }

    static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
