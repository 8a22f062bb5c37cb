package dev.stagelight.rollout.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.cohort.CohortPlanner;
import dev.stagelight.rollout.engine.RolloutEngine;
import dev.stagelight.rollout.gate.source.PrometheusSource;
import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.policy.BundleScope;
import dev.stagelight.rollout.remediation.Decision;
import dev.stagelight.rollout.remediation.RemediationRules;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.store.DirectoryStore;
import dev.stagelight.rollout.store.RolloutStore;
import dev.stagelight.rollout.testing.OpenMetricsHistory;
import dev.stagelight.rollout.testing.PrometheusServer;
import dev.stagelight.rollout.testing.RolloutFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remediation the {@code remediate} step runs, over a real Prometheus holding two hours of canary latency (200 ms,
 * but 600 ms from 1:00 to 1:30) and the real engine and store: each call is a new evaluation that knows only what the
 * store holds, as consecutive pipeline builds would.
 */
class PipelineRemediationTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant SLOW = T0.plus(Duration.ofHours(1));
    static final Instant FAST_AGAIN = SLOW.plus(Duration.ofMinutes(30));
    static final String RULES = """
            name: ci-latency
            rollout_id: rollout-789
            inputs:
              latency_p95: max(policy_eval_latency_p95_seconds{group="canary"})
            policy: {green_period: 15m, max_concurrent: 2, retry: {attempts: 1, backoff: 1s}}
            actions:
              pause_rollout: {executor: engine, cooldown: 10m}
            rules:
              - name: slow-canary
                when: latency_p95 > 0.3
                actions: [pause_rollout]
            """;

    @TempDir
    static Path shared;
    static PrometheusServer prometheus;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        OpenMetricsHistory h = new OpenMetricsHistory();
        for (int m = 0; m <= 2 * 60; m++) {
            Instant t = T0.plus(Duration.ofMinutes(m));
            boolean slow = !t.isBefore(SLOW) && t.isBefore(FAST_AGAIN);
            h.add("policy_eval_latency_p95_seconds", Map.of("group", "canary"), t, slow ? 0.6 : 0.2);
        }
        prometheus = PrometheusServer.start(shared, h);
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    Path rulesFile() throws Exception {
        Path f = dir.resolve("rules.yaml");
        Files.writeString(f, RULES);
        return f;
    }

    static void startRollout(RolloutStore store) throws Exception {
        RolloutPlan plan = RolloutFixtures.plan789(true);
        RolloutEngine engine = new RolloutEngine(store, e -> { });
        engine.create(plan, CohortPlanner.plan(plan, RolloutFixtures.tenants(20), BundleScope.ANY), T0, "alice");
        engine.approve("rollout-789", "alice", "go", T0);
        engine.advance("rollout-789", T0, StageObservations.unavailable(Set.of()));
    }

    PipelineRemediation.Outcome evaluate(RemediationRules rules, RolloutStore store, Instant at) throws Exception {
        return PipelineRemediation.evaluate(rules, new PrometheusSource(prometheus.url()), store, at, "none",
                "jenkins:ci#7", Clock.systemUTC(), d -> { });
    }

    @Test
    void takesAnActionWhenTheRuleFiresAndRevertsItAfterTheGreenPeriodFromTheStoreAlone() throws Exception {
        RemediationRules rules = PipelineRemediation.rules(rulesFile(), Strictness.STRICT, Map.of(), false);
        try (RolloutStore store = DirectoryStore.open(dir.resolve("store"))) {
            startRollout(store);
            PipelineRemediation.Outcome calm = evaluate(rules, store, SLOW.minus(Duration.ofMinutes(10)));
            assertEquals(List.of(), calm.taken());
            assertEquals(List.of(), calm.reverted());
            assertEquals(Decision.NOT_NEEDED, calm.evaluation().decisions().get(0).decision());

            PipelineRemediation.Outcome slow = evaluate(rules, store, SLOW.plus(Duration.ofMinutes(5)));
            assertEquals(1, slow.taken().size(), slow.text());
            assertEquals("pause_rollout", slow.taken().get(0).action());
            assertEquals("slow-canary", slow.taken().get(0).rule());
            assertEquals(0.6, (Double) slow.taken().get(0).values().get("latency_p95"), 1e-9);
            assertEquals("jenkins:ci#7", slow.taken().get(0).actor());
            assertEquals(RolloutStatus.PAUSED, store.load("rollout-789").orElseThrow().status());
            assertTrue(slow.text().contains("acted"), slow.text());

            Map<String, Object> tree = slow.tree();
            assertEquals("ci-latency", tree.get("scope"));
            assertEquals(2, ((Number) tree.get("evaluation")).intValue(), "the second evaluation in the store's log");
            assertEquals(false, tree.get("dry_run"));
            List<?> taken = (List<?>) tree.get("taken");
            assertEquals(1, taken.size());
            assertEquals("pause_rollout", ((Map<?, ?>) taken.get(0)).get("action"));
            assertEquals("acted", ((Map<?, ?>) taken.get(0)).get("decision"));
            assertEquals(List.of(), tree.get("reverted"));
            assertEquals(0.6, ((Number) ((Map<?, ?>) tree.get("inputs")).get("latency_p95")).doubleValue(), 1e-9);

            // Still slow: the action is in force, nothing new is taken.
            PipelineRemediation.Outcome still = evaluate(rules, store, SLOW.plus(Duration.ofMinutes(20)));
            assertEquals(List.of(), still.taken());
            assertEquals(Decision.ALREADY_ACTIVE, still.evaluation().decisions().get(0).decision());

            // Green from 1:30 on: pending until 15 minutes green, then reverted (the rollout resumes).
            PipelineRemediation.Outcome pending = evaluate(rules, store, FAST_AGAIN.plus(Duration.ofMinutes(5)));
            assertEquals(List.of(), pending.reverted());
            assertTrue(pending.evaluation().decisions().stream().anyMatch(d -> d.decision() == Decision.REVERT_PENDING),
                    pending.text());
            PipelineRemediation.Outcome reverted = evaluate(rules, store, FAST_AGAIN.plus(Duration.ofMinutes(25)));
            assertEquals(1, reverted.reverted().size(), reverted.text());
            assertEquals("resume_rollout", reverted.reverted().get(0).action());
            assertEquals(RolloutStatus.IN_PROGRESS, store.load("rollout-789").orElseThrow().status());
            assertEquals(5, store.remediation("ci-latency").seq());
            assertFalse(reverted.evaluation().failed());
        }
    }

    @Test
    void aDryRunSaysWhatItWouldTakeButChangesNothing() throws Exception {
        RemediationRules dry = PipelineRemediation.rules(rulesFile(), Strictness.STRICT, Map.of(), true);
        try (RolloutStore store = DirectoryStore.open(dir.resolve("store"))) {
            startRollout(store);
            PipelineRemediation.Outcome o = evaluate(dry, store, SLOW.plus(Duration.ofMinutes(5)));
            assertEquals(1, o.taken().size());
            assertEquals(Decision.DRY_RUN, o.taken().get(0).decision());
            assertEquals(true, o.tree().get("dry_run"));
            assertEquals(RolloutStatus.IN_PROGRESS, store.load("rollout-789").orElseThrow().status());

            // The dry run used no cooldown and left no action in force: a real evaluation acts at once.
            RemediationRules real = PipelineRemediation.rules(rulesFile(), Strictness.STRICT, Map.of(), false);
            PipelineRemediation.Outcome acted = evaluate(real, store, SLOW.plus(Duration.ofMinutes(6)));
            assertEquals(Decision.ACTED, acted.taken().get(0).decision());
            assertEquals(RolloutStatus.PAUSED, store.load("rollout-789").orElseThrow().status());
        }
    }

    @Test
    void webhookSettingsComeFromTheBuildsEnvironmentAndAMissingOneIsAFailureToLookAt() throws Exception {
        Path f = dir.resolve("hooks.yaml");
        Files.writeString(f, RULES.replace("  pause_rollout: {executor: engine, cooldown: 10m}",
                "  pause_rollout: {executor: engine, cooldown: 10m}\n"
                        + "  scale_out: {cooldown: 10m, webhook: {url_env: CI_SCALER_URL, secret_env: CI_SECRET}}")
                .replace("actions: [pause_rollout]", "actions: [pause_rollout, scale_out]"));
        // A bad URL is refused naming the file and the variable, never echoing the value (it may carry a token).
        InputException e = assertThrows(InputException.class, () -> PipelineRemediation.rules(f, Strictness.STRICT,
                Map.of("CI_SCALER_URL", "ftp://token-abc123@scaler", "CI_SECRET", "s3cret"), false));
        assertTrue(e.getMessage().contains("hooks.yaml") && e.getMessage().contains("$CI_SCALER_URL"), e.getMessage());
        assertFalse(e.getMessage().contains("token-abc123"), e.getMessage());

        // Unset: the rules load, and when the rule fires the webhook action fails and is reported, the engine acts.
        RemediationRules rules = PipelineRemediation.rules(f, Strictness.STRICT, Map.of(), false);
        try (RolloutStore store = DirectoryStore.open(dir.resolve("store"))) {
            startRollout(store);
            PipelineRemediation.Outcome o = evaluate(rules, store, SLOW.plus(Duration.ofMinutes(5)));
            assertEquals(List.of("pause_rollout"), o.taken().stream().map(d -> d.action()).toList());
            assertEquals(List.of("scale_out"), o.failures().stream().map(d -> d.action()).toList(), o.text());
            assertTrue(o.failures().get(0).result().contains("CI_SCALER_URL"), o.failures().get(0).result());
            assertEquals(1, ((List<?>) o.tree().get("failures")).size());
        }
    }

    @Test
    void theCanaryVerdictTakesTheRulesWordsAndTheGatesWords() {
        assertEquals("none", PipelineRemediation.canaryVerdict(null));
        assertEquals("pass", PipelineRemediation.canaryVerdict("PASS"));
        assertEquals("pass", PipelineRemediation.canaryVerdict("successful"));
        assertEquals("fail", PipelineRemediation.canaryVerdict("failed"));
        assertEquals("inconclusive", PipelineRemediation.canaryVerdict("error"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PipelineRemediation.canaryVerdict("green"));
        assertTrue(e.getMessage().contains("canaryVerdict 'green'"), e.getMessage());
    }
}
