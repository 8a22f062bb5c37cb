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

class RolloutCliTest {
    static final Path EXAMPLES = Path.of("../examples/rollout").toAbsolutePath().normalize();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-12-29T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        CommandLine cl = RolloutCli.commandLine(CLOCK);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        assertFalse(err.toString().contains("\tat "), "no stack traces: " + err);
        return new Run(code, out.toString(), err.toString());
    }

    String[] inputs(String command, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--plan", EXAMPLES.resolve("rollout-789.json").toString(),
                "--tenants", EXAMPLES.resolve("tenants.yaml").toString(), "--policies", EXAMPLES.resolve("policies").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    Path observations(String name, String json) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, json);
        return p;
    }

    @Test
    void planPrintsTheStageTableWithDenials() throws Exception {
        Run r = run(inputs("plan"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("canary") && r.out().contains("early-adopters") && r.out().contains("RESIDENCY"), r.out());
        Run j = run(inputs("plan", "--json"));
        JsonNode n = new ObjectMapper().readTree(j.out());
        assertEquals(4, n.get("stages").size());
        assertEquals("platform-eng-core-services", n.get("stages").get(0).get("tenants").get(0).asText());
        assertEquals("48h", n.get("stages").get(1).get("duration").asText(), "durations as the plan writes them");
        assertTrue(r.out().matches("(?s).*early-adopters .* 48h .*"), r.out());
    }

    @Test
    void aRolloutThroughTheCommandLineWithExitCodes() throws Exception {
        String store = dir.resolve("store").toString();
        assertEquals(0, run(inputs("start", "--store", store, "--by", "admin")).code());
        Run again = run(inputs("start", "--store", store, "--by", "admin"));
        assertEquals(1, again.code(), "the rollout exists already");
        assertTrue(again.err().contains("already exists"), again.err());

        Run approve = run("approve", "rollout-789", "--by", "policy-admin@acme.example", "--notes", "ok", "--store", store,
                "--now", "2024-12-29T11:00:00Z");
        assertEquals(0, approve.code(), approve.err());
        assertTrue(approve.out().contains("\"event\":\"rollout.approved\""), approve.out());
        Run started = run("advance", "rollout-789", "--store", store, "--now", "2024-12-29T11:00:00Z");
        assertTrue(started.out().contains("\"event\":\"rollout.stage.started\""), started.out());
        assertTrue(started.out().contains("monitoring until 2024-12-30T11:00:00Z"), started.out());

        Path bad = observations("bad.json", "{\n  \"failure_rate_before\": 0.1,\n  \"failure_rate_after\": 7\n}\n");
        Run badRun = run("advance", "rollout-789", "--store", store, "--observations", bad.toString());
        assertEquals(2, badRun.code());
        assertTrue(badRun.err().contains("bad.json:3:") && badRun.err().contains("/failure_rate_after")
                && badRun.err().contains("a rate from 0 to 1"), badRun.err());

        Path breach = observations("breach.json", "{\"scans_evaluated\": 900, \"new_failures\": 80, "
                + "\"failure_rate_before\": 0.1, \"failure_rate_after\": 0.4, \"new_critical_blocks\": 3}");
        Run rolledBack = run("advance", "rollout-789", "--store", store, "--now", "2024-12-29T15:00:00Z",
                "--observations", breach.toString());
        assertEquals(1, rolledBack.code(), rolledBack.out() + rolledBack.err());
        assertTrue(rolledBack.out().contains("\"event\":\"rollout.rollback\""), rolledBack.out());
        Run status = run("status", "rollout-789", "--store", store, "--json");
        assertEquals(1, status.code());
        JsonNode s = new ObjectMapper().readTree(status.out());
        assertEquals("rolled_back", s.get("status").asText());
        for (JsonNode t : s.get("tenant_status")) {
            assertEquals("v1.0.0", t.get("policy_version").asText());
        }
        Run metrics = run("metrics", "--store", store, "--textfile", dir.resolve("rollout.prom").toString());
        assertEquals(0, metrics.code(), metrics.err());
        assertTrue(Files.readString(dir.resolve("rollout.prom")).contains("policy_rollout_tenant_count{rollout_id=\"rollout-789\",version=\"v1.0.0\"} 37"));
    }

    @Test
    void startWithoutPoliciesOptionStillEnforcesScopesFromThePoliciesBesideThePlan() throws Exception {
        String store = dir.resolve("store").toString();
        Run start = run("start", "--plan", EXAMPLES.resolve("rollout-789.json").toString(), "--tenants",
                EXAMPLES.resolve("tenants.yaml").toString(), "--store", store, "--by", "admin");
        assertEquals(0, start.code(), start.err());
        JsonNode s = new ObjectMapper().readTree(run("status", "rollout-789", "--store", store, "--json").out());
        List<String> codes = new ArrayList<>();
        s.get("denied").forEach(d -> codes.add(d.get("code").asText()));
        assertTrue(codes.containsAll(List.of("RESIDENCY", "LABEL", "TENANT_MISMATCH")), codes.toString());
        List<String> inRollout = new ArrayList<>();
        s.get("tenant_status").forEach(t -> inRollout.add(t.get("tenant_id").asText()));
        s.get("denied").forEach(d -> assertFalse(inRollout.contains(d.get("tenant").asText()), d.toString()));
        assertEquals(42 - codes.size(), inRollout.size());
    }

    @Test
    void planWithoutAPolicyLibraryOrWithUnknownVersionsIsRefused() throws Exception {
        Path plan = dir.resolve("rollout-789.json");
        Files.copy(EXAMPLES.resolve("rollout-789.json"), plan);
        String tenants = EXAMPLES.resolve("tenants.yaml").toString();
        Run none = run("start", "--plan", plan.toString(), "--tenants", tenants, "--store", dir.resolve("s").toString());
        assertEquals(2, none.code());
        assertEquals("error: " + plan + ": no --policies given and no policies/ folder beside the plan ("
                + dir.resolve("policies") + "); pass --policies <folder>\n", none.err());
        assertFalse(Files.exists(dir.resolve("s").resolve("rollouts")), "nothing started");

        Files.writeString(plan, Files.readString(plan).replace("\"from_version\": \"v1.0.0\"", "\"from_version\": \"v0.9.0\""));
        String policies = EXAMPLES.resolve("policies").toString();
        for (String command : List.of("plan", "start", "impact")) {
            List<String> args = new ArrayList<>(List.of(command, "--plan", plan.toString(), "--tenants", tenants,
                    "--policies", policies));
            args.addAll(command.equals("start") ? List.of("--store", dir.resolve("s").toString())
                    : command.equals("impact") ? List.of("--scans", dir.resolve("none.jsonl").toString()) : List.of());
            Run r = run(args.toArray(String[]::new));
            assertEquals(2, r.code(), command);
            assertEquals("error: " + plan + ":4:19: /from_version: expected a version of policy set 'production' in "
                    + policies + " (have: v1.0.0, v2.0.0), got \"v0.9.0\"\n", r.err(), command);
        }
        Files.writeString(plan, Files.readString(plan).replace("\"policy_set\": \"production\"", "\"policy_set\": \"staging\""));
        Run set = run("plan", "--plan", plan.toString(), "--tenants", tenants, "--policies", policies);
        assertEquals(2, set.code());
        assertEquals("error: " + plan + ":3:17: /policy_set: expected a policy set of " + policies
                + " (have: production), got \"staging\"\n", set.err());
    }

    @Test
    void aTenantSkippedInTheLastStageIsReportedByTheCompletionAndStatus() throws Exception {
        JsonNode plan = new ObjectMapper().readTree(run(inputs("plan", "--json")).out());
        String victim = plan.get("stages").get(3).get("added").get(0).asText();
        String store = dir.resolve("store").toString();
        Path healthy = observations("ok.json", "{\"new_failures\": 1, \"failure_rate_before\": 0.1, \"failure_rate_after\": 0.1}");
        Path cut = observations("cut.json", "{\"new_failures\": 1, \"failure_rate_before\": 0.1, \"failure_rate_after\": 0.1,"
                + " \"unreachable_tenants\": [\"" + victim + "\"]}");
        assertEquals(0, run(inputs("start", "--store", store)).code());
        String[][] steps = {
            {"approve", "rollout-789", "--by", "a", "--now", "2024-12-29T11:00:00Z"},
            {"advance", "rollout-789", "--now", "2024-12-29T11:00:00Z"},
            {"advance", "rollout-789", "--now", "2024-12-30T11:00:00Z", "--observations", healthy.toString()},
            {"approve", "rollout-789", "--by", "a", "--now", "2024-12-30T11:00:00Z"},
            {"advance", "rollout-789", "--now", "2024-12-30T11:00:00Z"},
            {"advance", "rollout-789", "--now", "2025-01-01T11:00:00Z", "--observations", healthy.toString()},
            {"advance", "rollout-789", "--now", "2025-01-02T11:00:00Z", "--observations", cut.toString()}};
        for (String[] step : steps) {
            List<String> args = new ArrayList<>(List.of(step));
            args.addAll(List.of("--store", store));
            Run r = run(args.toArray(String[]::new));
            assertEquals(0, r.code(), String.join(" ", step) + ": " + r.err());
        }
        Run done = run("advance", "rollout-789", "--store", store, "--now", "2025-01-02T12:00:00Z", "--observations",
                healthy.toString());
        assertEquals(0, done.code(), done.err());
        assertTrue(done.out().contains("\"event\":\"rollout.completed\"") && done.out().contains(
                "\"tenants_skipped\":[\"" + victim + "\"]"), done.out());
        assertTrue(done.out().contains("rollout-789: completed, stage full completed; 1 tenant skipped as unreachable and never retried, still on"
                + " v1.0.0: " + victim), done.out());
        JsonNode status = new ObjectMapper().readTree(run("status", "rollout-789", "--store", store, "--json").out());
        assertEquals("completed", status.get("status").asText());
        assertEquals(victim, status.get("tenants_skipped").get(0).asText());
        assertTrue(run("status", "rollout-789", "--store", store).out().contains(
                "skipped as unreachable, still on v1.0.0: " + victim));
    }

    @Test
    void lenientModePrintsLocatedWarningsOfThePlanAndObservationsStrictModeRefuses() throws Exception {
        Path plan = dir.resolve("rollout-789.json");
        Files.writeString(plan, Files.readString(EXAMPLES.resolve("rollout-789.json")).replace("\"strategy\": \"staged\",",
                "\"strategy\": \"staged\", \"owner\": \"me\","));
        String store = dir.resolve("store").toString();
        for (String command : List.of("plan", "start")) {
            List<String> args = new ArrayList<>(List.of(command, "--plan", plan.toString(), "--tenants",
                    EXAMPLES.resolve("tenants.yaml").toString(), "--policies", EXAMPLES.resolve("policies").toString()));
            if (command.equals("start")) {
                args.addAll(List.of("--store", store));
            }
            Run strict = run(args.toArray(String[]::new));
            assertEquals(2, strict.code(), command);
            assertTrue(strict.err().startsWith("error: " + plan + ":6:25: /owner: unknown field 'owner'"), strict.err());
            args.add("--lenient");
            Run lenient = run(args.toArray(String[]::new));
            assertEquals(0, lenient.code(), command + ": " + lenient.err());
            assertTrue(lenient.err().startsWith("warning: " + plan + ":6:25: /owner: unknown field 'owner'"), lenient.err());
        }
        run("approve", "rollout-789", "--by", "a", "--store", store, "--now", "2024-12-29T11:00:00Z");
        run("advance", "rollout-789", "--store", store, "--now", "2024-12-29T11:00:00Z");
        Path obs = observations("obs.yaml", "new_failures: 1\nfailure_rate_before: 0.1\nfailure_rate_after: 0.1\nsource: grafana\n");
        Run strict = run("advance", "rollout-789", "--store", store, "--observations", obs.toString());
        assertEquals(2, strict.code());
        assertTrue(strict.err().startsWith("error: " + obs + ":4:1: /source: unknown field 'source'"), strict.err());
        Run lenient = run("advance", "rollout-789", "--store", store, "--observations", obs.toString(), "--lenient",
                "--now", "2024-12-29T12:00:00Z");
        assertEquals(0, lenient.code(), lenient.err());
        assertTrue(lenient.err().startsWith("warning: " + obs + ":4:1: /source: unknown field 'source'"), lenient.err());
    }

    @Test
    void aCanaryTheBundleDeniesIsRefusedInsteadOfRunningAnEmptyStage() throws Exception {
        Path plan = dir.resolve("rollout-789.json");
        Files.writeString(plan, Files.readString(EXAMPLES.resolve("rollout-789.json"))
                .replace("\"platform-eng-core-services\"", "\"cust-success-crm-sync\""));
        List<String> args = List.of("--plan", plan.toString(), "--tenants", EXAMPLES.resolve("tenants.yaml").toString(),
                "--policies", EXAMPLES.resolve("policies").toString());
        List<String> planArgs = new ArrayList<>(List.of("plan"));
        planArgs.addAll(args);
        Run p = run(planArgs.toArray(String[]::new));
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("stage canary is empty: every tenant it names is denied; start refuses this plan"), p.out());
        List<String> startArgs = new ArrayList<>(List.of("start", "--store", dir.resolve("store").toString()));
        startArgs.addAll(args);
        Run start = run(startArgs.toArray(String[]::new));
        assertEquals(1, start.code(), start.out());
        assertEquals("error: rollout-789: stage canary would be empty, the v2.0.0 bundle admits none of its tenants"
                + " (cust-success-crm-sync RESIDENCY: region ap-southeast-1 is not one of eu-*, us-*); name a tenant it"
                + " admits\n", start.err());
        assertEquals("no rollouts in directory store " + dir.resolve("store") + "\n",
                run("status", "--store", dir.resolve("store").toString()).out());
    }

    @Test
    void badUsageAndUnknownRolloutsAreClearErrors() {
        String store = dir.resolve("store").toString();
        Run unknown = run("advance", "rollout-000", "--store", store);
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("no rollout rollout-000"), unknown.err());
        Run badNow = run("approve", "rollout-789", "--by", "x", "--store", store, "--now", "yesterday");
        assertEquals(2, badNow.code());
        assertTrue(badNow.err().contains("--now yesterday: expected an RFC 3339 instant"), badNow.err());
        Run missing = run("plan", "--plan", dir.resolve("nope.json").toString(), "--tenants", "x.yaml");
        assertEquals(2, missing.code());
        assertEquals(2, run("frobnicate").code());
    }
}
