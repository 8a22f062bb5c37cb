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
            for (String line : store.remediation("canary-slo").evidence()) {
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
}
