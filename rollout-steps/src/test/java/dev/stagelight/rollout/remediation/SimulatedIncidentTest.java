package dev.stagelight.rollout.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.rollout.cohort.CohortPlanner;
import dev.stagelight.rollout.engine.RolloutEngine;
import dev.stagelight.rollout.gate.source.PrometheusSource;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.plan.Notification;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.policy.BundleScope;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.store.DirectoryStore;
import dev.stagelight.rollout.store.GitStore;
import dev.stagelight.rollout.store.RolloutStore;
import dev.stagelight.rollout.testing.OpenMetricsHistory;
import dev.stagelight.rollout.testing.PrometheusServer;
import dev.stagelight.rollout.testing.RolloutFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped rules ({@code examples/remediation/slo-rules.yaml}) against a real Prometheus holding eight hours of the
 * canary's traffic: healthy (0.05% errors, p95 200 ms) but for an incident from 6:00 to 6:30 (50% errors, p95 600 ms).
 * Evaluated every five minutes as a controller would be, over the real rollout engine and store, with the scaler and
 * Slack webhooks on a real local HTTP server that checks every signature.
 */
class SimulatedIncidentTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant INCIDENT = T0.plus(Duration.ofHours(6));
    static final Instant RECOVERY = INCIDENT.plus(Duration.ofMinutes(30));
    static final Path RULES = Path.of("../examples/remediation/slo-rules.yaml");
    static final byte[] SECRET = "test-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static PrometheusServer prometheus;
    static SignedWebhookServer hooks;

    @BeforeAll
    static void start() throws Exception {
        OpenMetricsHistory h = new OpenMetricsHistory();
        for (String group : List.of("baseline", "canary")) {
            double ok = 0, err = 0;
            for (int m = 0; m <= 8 * 60; m++) {
                Instant t = T0.plus(Duration.ofMinutes(m));
                boolean incident = group.equals("canary") && !t.isBefore(INCIDENT) && t.isBefore(RECOVERY);
                double perMinute = 6000; // 100 requests a second
                double errorShare = incident ? 0.5 : 0.0005;
                ok += perMinute * (1 - errorShare);
                err += perMinute * errorShare;
                h.add("policy_eval_requests_total", Map.of("group", group, "code", "ok"), t, Math.round(ok));
                h.add("policy_eval_requests_total", Map.of("group", group, "code", "error"), t, Math.round(err));
                h.add("policy_eval_latency_p95_seconds", Map.of("group", group), t, incident ? 0.6 : 0.2);
            }
        }
        prometheus = PrometheusServer.start(dir, h);
        hooks = new SignedWebhookServer(SECRET);
    }

    @AfterAll
    static void stop() throws Exception {
        if (hooks != null) {
            hooks.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    static Map<String, String> env() {
        return Map.of("STAGELIGHT_SCALER_URL", hooks.url("/scale").toString(),
                "STAGELIGHT_SLACK_WEBHOOK_URL", hooks.url("/slack").toString(),
                "STAGELIGHT_WEBHOOK_SECRET", new String(SECRET, StandardCharsets.UTF_8));
    }

    /** rollout-789 with a Slack notification, its canary stage monitoring since T0. */
    static RolloutEngine startRollout(RolloutStore store) throws Exception {
        RolloutPlan p = RolloutFixtures.plan789(true);
        RolloutPlan plan = new RolloutPlan(p.rolloutId(), p.policySet(), p.fromVersion(), p.toVersion(), p.strategy(),
                p.config(), p.stages(), p.rollback(), List.of(new Notification("slack", "#platform-engineering")));
        RolloutEngine engine = new RolloutEngine(store, e -> { });
        engine.create(plan, CohortPlanner.plan(plan, RolloutFixtures.tenants(40), BundleScope.ANY), T0, "admin@acme.example");
        engine.approve("rollout-789", "admin@acme.example", "go", T0);
        engine.advance("rollout-789", T0, StageObservations.unavailable(java.util.Set.of()));
        assertEquals(RolloutStatus.IN_PROGRESS, engine.require("rollout-789").status());
        return engine;
    }

    static Remediator remediator(RemediationRules rules, RolloutStore store) {
        return new Remediator(rules, new PrometheusSource(prometheus.url()), store,
                Remediator.standardExecutors(store, Clock.systemUTC(), "remediation-test"), d -> { }, "remediation-test");
    }

    @Test
    void aHealthyHistoryFiresNothing() throws Exception {
        try (RolloutStore store = DirectoryStore.open(dir.resolve("healthy-store"))) {
            startRollout(store);
            Remediator r = remediator(RulesFile.load(RULES, Strictness.STRICT, env()), store);
            for (Instant t = T0.plus(Duration.ofMinutes(30)); t.isBefore(INCIDENT); t = t.plus(Duration.ofMinutes(30))) {
                Evaluation e = r.evaluate(t, "pass");
                for (EvidenceRecord d : e.decisions()) {
                    assertEquals(Decision.NOT_NEEDED, d.decision(), t + ": " + d.toJsonLine());
                }
                assertEquals(4, e.decisions().size(), "one decision per rule action");
                double fast = e.readings().values().get("burn_rate_1h");
                assertEquals(0.1, fast, 0.01, "0.05% errors against a 0.5% budget burn at 0.1x");
            }
            assertEquals(RolloutStatus.IN_PROGRESS, store.load("rollout-789").orElseThrow().status());
        }
    }

    @Test
    void theIncidentPausesAndScalesOutThenBothAreRevertedAfterTheGreenPeriod() throws Exception {
        hooks.accepted.clear();
        try (RolloutStore store = GitStore.open(dir.resolve("incident-store.git"))) {
            startRollout(store);
            RemediationRules rules = RulesFile.load(RULES, Strictness.STRICT, env());
            Map<Instant, List<EvidenceRecord>> byTime = new java.util.LinkedHashMap<>();
            Instant pausedAt = null, scaledAt = null, resumedAt = null, scaledInAt = null;
            for (Instant t = INCIDENT.minus(Duration.ofMinutes(5)); !t.isAfter(INCIDENT.plus(Duration.ofMinutes(90)));
                 t = t.plus(Duration.ofMinutes(5))) {
                // A new controller each time: everything it knows comes from the store, as after a restart.
                Evaluation e = remediator(rules, store).evaluate(t, "none");
                assertFalse(e.failed(), () -> e.decisions().toString());
                byTime.put(t, e.decisions());
                for (EvidenceRecord d : e.decisions()) {
                    if (d.decision() == Decision.ACTED && d.action().equals("pause_rollout")) {
                        pausedAt = t;
                    } else if (d.decision() == Decision.ACTED && d.action().equals("scale_out")) {
                        scaledAt = t;
                    } else if (d.decision() == Decision.REVERTED && d.action().equals("resume_rollout")) {
                        resumedAt = t;
                    } else if (d.decision() == Decision.REVERTED && d.action().equals("scale_in")) {
                        scaledInAt = t;
                    }
                }
                if (pausedAt != null && resumedAt == null) {
                    assertEquals(RolloutStatus.PAUSED, store.load("rollout-789").orElseThrow().status(), t.toString());
                }
            }
            assertEquals(INCIDENT, scaledAt, "the 6:00 sample already says p95 600 ms");
            assertEquals(INCIDENT.plus(Duration.ofMinutes(10)), pausedAt,
                    "the 1h burn passes 14.4x once 9 minutes of 50% errors are in the hour");
            assertNotNull(scaledInAt, "scale_out reverted");
            assertNotNull(resumedAt, "pause reverted");
            assertTrue(!scaledInAt.isBefore(RECOVERY.plus(rules.greenPeriod())), "not before 15 min green: " + scaledInAt);
            assertTrue(resumedAt.isAfter(scaledInAt), "the slow burn keeps the pause longer than the latency rule");
            assertEquals(RolloutStatus.IN_PROGRESS, store.load("rollout-789").orElseThrow().status());

            // Before the incident: every decision is "not needed".
            byTime.get(INCIDENT.minus(Duration.ofMinutes(5))).forEach(d -> assertEquals(Decision.NOT_NEEDED, d.decision()));

            // The webhooks: one signed scale_out, one signed scale_in, one Slack message about the pause.
            List<SignedWebhookServer.Received> scale = hooks.accepted("/scale");
            assertEquals(2, scale.size(), scale.toString());
            JsonNode out = JSON.readTree(scale.get(0).body());
            assertEquals("apply", out.path("operation").asText());
            assertEquals("scale_out", out.path("name").asText());
            assertEquals(0.6, out.path("values").path("latency_p95").asDouble(), 1e-9);
            assertEquals("scale_in", JSON.readTree(scale.get(1).body()).path("name").asText());
            List<SignedWebhookServer.Received> slack = hooks.accepted("/slack");
            assertEquals(1, slack.size());
            JsonNode msg = JSON.readTree(slack.get(0).body());
            assertEquals("#platform-engineering", msg.path("channel").asText());
            assertTrue(msg.path("text").asText().contains("paused by remediation (fast-burn"), msg.toString());

            // The evidence log in the store tells the whole story, in order, for every evaluation.
            List<EvidenceRecord> log = new ArrayList<>();
            for (String line : store.remediationEvidence("canary-slo")) {
                log.add(EvidenceRecord.parse(line, "evidence"));
            }
            assertEquals(byTime.values().stream().mapToInt(List::size).sum(), log.size());
            List<String> story = log.stream().filter(d -> d.decision() != Decision.NOT_NEEDED
                            && d.decision() != Decision.ALREADY_ACTIVE && d.decision() != Decision.REVERT_PENDING)
                    .map(d -> d.ts() + " " + d.action() + " " + d.decision().wire()).toList();
            assertEquals(List.of(
                    scaledAt + " scale_out acted",
                    pausedAt + " pause_rollout acted",
                    pausedAt + " notify notified",
                    scaledInAt + " scale_in reverted",
                    resumedAt + " resume_rollout reverted"), story);
            EvidenceRecord paused = log.stream().filter(d -> d.decision() == Decision.ACTED
                    && d.action().equals("pause_rollout")).findFirst().orElseThrow();
            assertEquals("fast-burn", paused.rule());
            assertEquals("remediation-test", paused.actor());
            assertTrue((Double) paused.values().get("burn_rate_1h") > 14.4, paused.toJsonLine());
            assertTrue((Double) paused.values().get("burn_rate_5m") > 14.4, paused.toJsonLine());
            assertEquals("engine", paused.executor());
            assertTrue(paused.result().startsWith("rollout-789 paused"), paused.result());
            assertTrue(log.stream().anyMatch(d -> d.decision() == Decision.REVERT_PENDING
                    && d.why().contains("of 15m")), "the green clock is in the log");
            assertTrue(store.events("rollout-789").stream().anyMatch(l -> l.contains("rollout.resumed")));
        }
    }

    @Test
    void anInconclusiveCanaryWidensTheWindowUntilTheVerdictIsGreenAndARollbackIsAnnounced() throws Exception {
        hooks.accepted.clear();
        try (RolloutStore store = DirectoryStore.open(dir.resolve("widen-store"))) {
            RolloutEngine engine = startRollout(store);
            Instant until = engine.require("rollout-789").stage().monitorUntil();
            RemediationRules rules = RulesFile.load(RULES, Strictness.STRICT, env());
            Instant t = T0.plus(Duration.ofHours(2));
            Evaluation widened = remediator(rules, store).evaluate(t, "inconclusive");
            EvidenceRecord w = widened.decisions().stream().filter(d -> d.action().equals("widen_canary")).findFirst()
                    .orElseThrow();
            assertEquals(Decision.ACTED, w.decision(), w.toJsonLine());
            assertEquals(Map.of("canary.verdict", "inconclusive", "rollout.status", "in_progress"), w.values());
            assertEquals(until.plus(Duration.ofHours(6)), engine.require("rollout-789").stage().monitorUntil());
            remediator(rules, store).evaluate(t.plus(Duration.ofMinutes(5)), "pass");
            Evaluation narrowed = remediator(rules, store).evaluate(t.plus(Duration.ofMinutes(20)), "pass");
            assertEquals(Decision.REVERTED, narrowed.decisions().stream()
                    .filter(d -> d.action().equals("narrow_canary")).findFirst().orElseThrow().decision());
            assertEquals(until, engine.require("rollout-789").stage().monitorUntil());
            assertTrue(store.events("rollout-789").stream().anyMatch(l -> l.contains("rollout.monitoring.widened")));

            engine.rollback("rollout-789", "admin@acme.example", "manual", t.plus(Duration.ofMinutes(30)), java.util.Set.of());
            Evaluation after = remediator(rules, store).evaluate(t.plus(Duration.ofMinutes(35)), "none");
            assertEquals(1, after.decisions().stream().filter(d -> d.decision() == Decision.NOTIFIED).count());
            assertEquals(0, remediator(rules, store).evaluate(t.plus(Duration.ofMinutes(40)), "none").decisions().stream()
                    .filter(d -> d.action().equals("notify")).count(), "announced once");
            List<SignedWebhookServer.Received> slack = hooks.accepted("/slack");
            assertEquals(1, slack.size());
            assertTrue(JSON.readTree(slack.get(0).body()).path("text").asText().contains("was rolled back"));
        }
    }

    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        picocli.CommandLine cl = dev.stagelight.rollout.cli.RolloutCli.commandLine(Clock.systemUTC());
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setOut(new java.io.PrintWriter(out));
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theCommandPrintsEveryDecisionWithItsValues() throws Exception {
        String store = dir.resolve("cli-store").toString();
        String url = prometheus.url().toString();
        Run dry = cli("remediate", "--rules", RULES.toString(), "--prometheus", url, "--at", "2026-01-01T06:10:00Z",
                "--dry-run", "--store", store);
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().startsWith("remediation canary-slo, evaluation 1 at 2026-01-01T06:10:00Z (dry run)\n"),
                dry.out());
        assertTrue(dry.out().contains("inputs: burn_rate_5m=100 burn_rate_30m=36.73 burn_rate_1h=18.42 burn_rate_6h=3.153"
                + " latency_p95=0.6\n"), dry.out());
        String pause = dry.out().lines().filter(l -> l.contains("fast-burn")).findFirst().orElseThrow();
        assertEquals("  dry_run          fast-burn          pause_rollout      burn_rate_1h=18.42 burn_rate_5m=100"
                + " | condition holds; dry run, engine not called", pause);
        assertTrue(dry.out().contains("  not_needed       slow-burn"), dry.out());
        assertTrue(dry.out().contains("  dry_run          slow-canary        scale_out          latency_p95=0.6 |"),
                dry.out());
        assertTrue(dry.out().endsWith("active: none\n"), "a dry run changes no state");

        Run healthy = cli("remediate", "--rules", RULES.toString(), "--prometheus", url, "--at", "2026-01-01T05:55:00Z",
                "--json", "--store", store);
        assertEquals(0, healthy.code(), healthy.err());
        JsonNode doc = JSON.readTree(healthy.out());
        assertEquals(2, doc.path("evaluation").asInt());
        assertEquals(0.1, doc.path("inputs").path("burn_rate_6h").asDouble(), 0.01);
        assertEquals(4, doc.path("decisions").size());
        doc.path("decisions").forEach(d -> assertEquals("not_needed", d.path("decision").asText(), d.toString()));

        Run log = cli("remediate", "--rules", RULES.toString(), "--log", "--store", store);
        assertEquals(0, log.code(), log.err());
        assertEquals(8, log.out().lines().count(), "4 decisions of the dry run, 4 of the real one");

        Run noUrl = cli("remediate", "--rules", RULES.toString(), "--store", store);
        assertEquals(2, noUrl.code());
        assertEquals("error: give the metrics with --prometheus URL or --samples FILE (except with --log)\n", noUrl.err());

        java.nio.file.Path bad = dir.resolve("bad-rules.yaml");
        java.nio.file.Files.writeString(bad, java.nio.file.Files.readString(RULES).replace("burn_rate_6h > 6", "burn_rate_6h > 'six'"));
        Run badRules = cli("remediate", "--rules", bad.toString(), "--prometheus", url, "--store", store);
        assertEquals(2, badRules.code());
        assertTrue(badRules.err().startsWith("error: " + bad), badRules.err());
        assertTrue(badRules.err().contains("/rules/1/when"), badRules.err());
    }
}
