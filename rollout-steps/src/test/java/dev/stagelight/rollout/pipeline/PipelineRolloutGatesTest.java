package dev.stagelight.rollout.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.cli.PublisherCli;
import dev.stagelight.rollout.engine.StageGates;
import dev.stagelight.rollout.evidence.EvidenceIndex;
import dev.stagelight.rollout.gate.set.GateStatus;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.state.StageStatus;
import dev.stagelight.rollout.store.DirectoryStore;
import dev.stagelight.rollout.testing.OpenMetricsHistory;
import dev.stagelight.rollout.testing.PrometheusServer;
import dev.stagelight.verifier.cli.VerifierCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipeline ticks with gates, as the {@code policyRollout} step runs them with {@code gates:} and {@code prometheus:}:
 * a real Prometheus holds two hours of per-tenant error ratios (core services healthy at 1%, dns failing at 50%); the
 * canary stage names the gate template, each tick judges it at the tick's time, and with an evidence index every
 * decision and verdict is appended as signed evidence the verifier accepts.
 */
class PipelineRolloutGatesTest {
    static final Path EX = Path.of("../examples/rollout");
    static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    static final Duration POLL = Duration.ofMinutes(5);
    static final String GATES = """
            templates:
              - name: errors
                metrics:
                  - name: ratio
                    query: max(error_ratio{tenant=~"{{tenants}}"})
                    interval: 5m
                    success_condition: result < 0.05
                    failure_condition: result >= 0.10
            analysis: [{template: errors}]
            """;

    @TempDir
    static Path shared;
    static PrometheusServer prometheus;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        OpenMetricsHistory h = new OpenMetricsHistory();
        for (int m = 0; m <= 3 * 60; m++) {
            Instant t = T0.minus(Duration.ofMinutes(30)).plus(Duration.ofMinutes(m));
            h.add("error_ratio", Map.of("tenant", "platform-eng-core-services"), t, 0.01);
            h.add("error_ratio", Map.of("tenant", "platform-eng-dns"), t, 0.5);
        }
        prometheus = PrometheusServer.start(shared, h);
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    PlanFiles.Planned planned(String id, String canary) throws Exception {
        Path plan = dir.resolve(id + ".json");
        Files.writeString(plan, """
                {"rollout_id": "%s", "policy_set": "production", "from_version": "v1.0.0", "to_version": "v2.0.0",
                 "strategy": "staged",
                 "stages": [{"name": "canary", "tenants": ["%s"], "duration": "1h",
                             "analysis": {"templates": [{"template": "errors"}]}},
                            {"name": "full", "selection": {"method": "all"}}],
                 "rollback": {"automatic": true}}
                """.formatted(id, canary));
        return new PlanFiles(plan, EX.resolve("tenants.yaml"), EX.resolve("policies"), Strictness.STRICT).load();
    }

    StageGates gates(PlanFiles.Planned p) throws Exception {
        Path f = dir.resolve("gates.yaml");
        Files.writeString(f, GATES);
        return PipelineGates.load(f, PipelineGates.prometheus(prometheus.url().toString(), "prometheus"), p.tenants(),
                Duration.ofMinutes(5), Strictness.STRICT);
    }

    @Test
    void aHealthyCanaryIsJudgedByItsGatesAtEveryTickAndCompletes() throws Exception {
        PlanFiles.Planned p = planned("gated-ok", "platform-eng-core-services");
        try (DirectoryStore store = DirectoryStore.open(dir.resolve("store"))) {
            PipelineRollout r = new PipelineRollout(store, e -> { }, POLL, gates(p), null);
            StageObservations none = StageObservations.unavailable(Set.of());
            PipelineRollout.Tick t = r.tick(p, none, T0, "jenkins");
            assertNull(t.gate(), "nothing monitors yet: no gate evaluated");
            t = r.approve("gated-ok", "alice", "go", none, T0);
            assertEquals(StageStatus.MONITORING, t.state().stage().status());

            t = r.tick(p, none, T0.plus(Duration.ofMinutes(10)), "jenkins");
            assertNotNull(t.gate());
            assertEquals(GateStatus.PASS, t.gate().status());
            assertEquals("canary", t.gateStage());
            assertTrue(t.gate().describe().contains("0.01"), "the verdict carries the value: " + t.gate().describe());
            assertEquals(PipelineRollout.Wait.TIME, t.next());

            t = r.tick(p, none, T0.plus(Duration.ofHours(1)), "jenkins");
            assertEquals(GateStatus.PASS, t.gate().status());
            assertEquals(StageStatus.COMPLETED, t.state().stages().get(0).status(), t.statusJson());
            assertTrue(t.statusJson().contains("pass at"), "the verdict is stored with the stage: " + t.statusJson());
        }
    }

    @Test
    void aFailingGateRollsBackAndEveryDecisionIsSignedEvidenceTheVerifierAccepts() throws Exception {
        Path keys = dir.resolve("keys"), index = dir.resolve("index");
        assertEquals(0, PublisherCli.run("keygen", "--out", keys.toString(), "--origin", "test.example/evidence"));
        assertEquals(0, PublisherCli.run("init", index.toString(), "--log-key", keys.resolve("log.key").toString()));
        EvidenceIndex evidence = new EvidenceIndex(index, keys.resolve("signing.key.pem"), keys.resolve("log.key"),
                Clock.systemUTC());
        PlanFiles.Planned p = planned("gated-bad", "platform-eng-dns");
        try (DirectoryStore store = DirectoryStore.open(dir.resolve("store"))) {
            PipelineRollout r = new PipelineRollout(store, e -> { }, POLL, gates(p), evidence);
            StageObservations none = StageObservations.unavailable(Set.of());
            PipelineRollout.Tick t = r.tick(p, none, T0, "jenkins");
            assertEquals("evidence: appended 1 rollout-evidence entries (seq 0..0)", t.evidence());
            t = r.approve("gated-bad", "alice", "go", none, T0);
            assertTrue(t.evidence().startsWith("evidence: appended 2 "), t.evidence()); // approved, stage started

            t = r.tick(p, none, T0.plus(Duration.ofMinutes(10)), "jenkins");
            assertEquals(GateStatus.FAILED, t.gate().status());
            assertTrue(t.rolledBack(), t.statusJson());
            assertEquals(RolloutStatus.ROLLED_BACK, t.state().status());
            assertEquals(PipelineRollout.Wait.DONE, t.next());
            assertTrue(t.state().rollbackReport().reason().contains("gate failed"), t.state().rollbackReport().reason());
            assertTrue(t.evidence().startsWith("evidence: appended 2 "), "the verdict and the rollback: " + t.evidence());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = VerifierCli.run(new String[] {"index", index.toString(), "--log-key",
            keys.resolve("log.vkey").toString(), "--signer-key", keys.resolve("signing.pub.pem").toString()},
                new PrintStream(out), new PrintStream(out));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("tree size 5"), text);
    }

    @Test
    void aPrometheusThatIsNotAnHttpUrlIsRefusedNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PipelineGates.prometheus("prometheus:9090", "policyRollout prometheus"));
        assertTrue(e.getMessage().startsWith("policyRollout prometheus 'prometheus:9090'"), e.getMessage());
    }
}
