package dev.stagelight.rollout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * Per-cohort gates through the engine: a canary of a standard-tier and a low-tier tenant, the plan naming which tier
 * decides; each cohort reads its own recorded metrics ({{tenants}} = its tenants), the standard tier's are bad.
 */
class AdvanceCohortGatesTest {
    static final Path EXAMPLES = Path.of("../examples/rollout").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        CommandLine cl = RolloutCli.commandLine(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    Run rollout(String decisive) throws Exception {
        Path plan = dir.resolve("plan.json"), gates = dir.resolve("gates.yaml"), samples = dir.resolve("samples.yaml");
        Files.writeString(plan, """
                {"rollout_id": "coh", "policy_set": "production", "from_version": "v1.0.0", "to_version": "v2.0.0",
                 "strategy": "staged",
                 "stages": [{"name": "canary", "tenants": ["platform-eng-core-services", "platform-eng-dns"],
                   "duration": "1h", "analysis": {"templates": [{"template": "errors"}],
                   "cohorts": {"label": "tier", "decisive": ["%s"]}}},
                  {"name": "full", "selection": {"method": "all"}}],
                 "rollback": {"automatic": true}}
                """.formatted(decisive));
        Files.writeString(gates, """
                templates:
                  - name: errors
                    metrics:
                      - name: ratio
                        query: max(error_ratio{tenant=~"{{tenants}}"})
                        interval: 5m
                        success_condition: result < 0.05
                analysis: [{template: errors}]
                """);
        Files.writeString(samples, """
                recordings:
                  - query: 'max(error_ratio{tenant=~"platform-eng-core-services"})'
                    series: [{labels: {}, samples: [["2026-01-01T12:58:00Z", 0.5]]}]
                  - query: 'max(error_ratio{tenant=~"platform-eng-dns"})'
                    series: [{labels: {}, samples: [["2026-01-01T12:58:00Z", 0.01]]}]
                """);
        String store = dir.resolve("store-" + decisive).toString(), tenants = EXAMPLES.resolve("tenants.yaml").toString();
        assertEquals(0, run("start", "--plan", plan.toString(), "--tenants", tenants, "--policies",
                EXAMPLES.resolve("policies").toString(), "--store", store, "--by", "admin", "--now",
                "2026-01-01T12:00:00Z").code());
        assertEquals(0, run("approve", "coh", "--by", "lead", "--store", store, "--now", "2026-01-01T12:00:00Z").code());
        assertEquals(0, run("advance", "coh", "--store", store, "--now", "2026-01-01T12:00:00Z").code());
        Run noTree = run("advance", "coh", "--store", store, "--now", "2026-01-01T13:00:00Z", "--gates",
                gates.toString(), "--samples", samples.toString());
        assertEquals(2, noTree.code());
        assertTrue(noTree.err().contains("per-cohort gates; give the tenant tree with --tenants"), noTree.err());
        return run("advance", "coh", "--store", store, "--now", "2026-01-01T13:00:00Z", "--gates", gates.toString(),
                "--samples", samples.toString(), "--tenants", tenants);
    }

    @Test
    void aBadCohortThatIsNotDecisiveIsReportedAndTheStageCompletes() throws Exception {
        Run r = rollout("low");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("[reported] standard [platform-eng-core-services]") && r.out().contains(
                "[decisive] low [platform-eng-dns]"), r.out());
        assertTrue(r.out().contains("\"event\":\"rollout.stage.completed\""), r.out());
    }

    @Test
    void aBadDecisiveCohortRollsBack() throws Exception {
        Run r = rollout("standard");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("gate failed: cohort tier=standard: analysis errors/ratio is failed"), r.out());
    }
}
