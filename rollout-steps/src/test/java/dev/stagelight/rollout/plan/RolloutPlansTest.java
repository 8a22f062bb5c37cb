package dev.stagelight.rollout.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.input.InputDocument;
import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.Loaded;
import dev.stagelight.rollout.input.Strictness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RolloutPlansTest {
    static final Path EXAMPLE = Path.of("../examples/rollout/rollout-789.json");

    @Test
    void flowPlanLoadsVerbatim() {
        RolloutPlan p = RolloutPlans.load(EXAMPLE, Strictness.STRICT).value();
        assertEquals("rollout-789", p.rolloutId());
        assertEquals("production", p.policySet());
        assertEquals("v1.0.0", p.fromVersion());
        assertEquals("v2.0.0", p.toVersion());
        assertEquals(Strategy.STAGED, p.strategy());
        assertEquals(4, p.stages().size());
        Stage canary = p.stages().get(0);
        assertEquals(java.util.List.of("platform-eng-core-services"), canary.tenants());
        assertEquals(Duration.ofHours(24), canary.duration().orElseThrow());
        assertEquals(5, canary.successCriteria().orElseThrow().maxNewFailures().getAsLong());
        assertEquals(0.05, canary.successCriteria().orElseThrow().maxFailureRateIncrease().getAsDouble());
        assertFalse(canary.autoProceed());
        Selection early = p.stages().get(1).selection().orElseThrow();
        assertEquals(25.0, early.percent());
        assertEquals("scan_volume", early.weightBy().orElseThrow());
        assertTrue(p.stages().get(2).selection().orElseThrow().weightBy().isEmpty());
        assertEquals(SelectionMethod.ALL, p.stages().get(3).selection().orElseThrow().method());
        assertEquals(100.0, p.stages().get(3).selection().orElseThrow().percent());
        assertTrue(p.rollback().automatic());
        assertEquals(new RollbackTrigger(TriggerMetric.FAILURE_RATE_INCREASE, 0.20), p.rollback().triggers().get(0));
        assertEquals(new RollbackTrigger(TriggerMetric.NEW_CRITICAL_BLOCKS, 50), p.rollback().triggers().get(1));
    }

    private static InputException fails(String name, String text) {
        InputDocument doc = InputLoader.parse(name, text, Strictness.STRICT);
        return assertThrows(InputException.class, () -> RolloutPlans.read(doc, null));
    }

    private static String withStages(String stages) {
        return "{\"rollout_id\": \"r1\", \"policy_set\": \"production\", \"from_version\": \"v1\", \"to_version\": \"v2\",\n"
                + " \"strategy\": \"staged\",\n \"stages\": [\n" + stages + "\n]}";
    }

    @Test
    void percentageOutOfRangeNamesFileLineColumnAndField() throws Exception {
        String text = Files.readString(EXAMPLE).replace("\"value\": 75", "\"value\": \"lots\"");
        InputException e = fails("plans/rollout-789.json", text);
        assertEquals("plans/rollout-789.json:39:18: /stages/2/selection/value: expected a number from 0 to 100, got \"lots\"",
                e.getMessage());
        assertEquals(39, e.line());
        assertEquals(18, e.column());
        assertEquals("/stages/2/selection/value", e.field());
    }

    @Test
    void shrinkingPercentagesAreRejected() {
        InputException e = fails("p.json", withStages(
                "{\"name\": \"a\", \"selection\": {\"method\": \"percentage\", \"value\": 50}},\n"
                        + "{\"name\": \"b\", \"selection\": {\"method\": \"percentage\", \"value\": 25}}"));
        assertEquals("p.json:5:62: /stages/1/selection/value: expected a percentage of at least 50 (stage shares are"
                + " cumulative and may not shrink; previous at line 4), got 25", e.getMessage());
    }

    @Test
    void explicitTenantsAfterASelectionStageAreRefused() {
        InputException e = fails("p.json", withStages(
                "{\"name\": \"canary\", \"tenants\": [\"t1\"]},\n"
                        + "{\"name\": \"early\", \"selection\": {\"method\": \"percentage\", \"value\": 25}},\n"
                        + "{\"name\": \"vip\", \"tenants\": [\"t2\"]}"));
        assertEquals("p.json:6:28: /stages/2/tenants: explicit tenants must come before the first selection stage ('early',"
                + " line 5): it would already switch them (explicit tenants lead the rollout order) and this stage would"
                + " be empty", e.getMessage());
    }

    @Test
    void duplicateStageNamesAreRejected() {
        InputException e = fails("p.json", withStages(
                "{\"name\": \"a\", \"tenants\": [\"t1\"]},\n{\"name\": \"a\", \"tenants\": [\"t2\"]}"));
        assertEquals("p.json:5:10: /stages/1/name: duplicate stage name 'a' (first at line 4)", e.getMessage());
    }

    @Test
    void stageNeedsTenantsOrSelection() {
        InputException e = fails("p.json", withStages("{\"name\": \"a\", \"duration\": \"1h\"}"));
        assertEquals("p.json:4:1: /stages/0: expected tenants (a list of tenant ids) or selection (method percentage|all)",
                e.getMessage());
    }

    @Test
    void unknownTriggerMetricListsKnownOnes() {
        InputException e = fails("p.yaml", "rollout_id: r1\npolicy_set: p\nfrom_version: v1\nto_version: v2\nstrategy: staged\n"
                + "stages:\n  - name: all\n    selection: {method: all}\nrollback:\n  automatic: true\n  triggers:\n"
                + "    - metric: latency\n      threshold: 3\n");
        assertEquals("p.yaml:12:15: /rollback/triggers/0/metric: expected one of failure_rate_increase, failure_rate,"
                + " new_failures, new_critical_blocks, error_rate, got \"latency\"", e.getMessage());
    }

    @Test
    void badDurationAndUnknownFieldInStrictMode() {
        InputException d = fails("p.json", withStages("{\"name\": \"a\", \"tenants\": [\"t\"], \"duration\": \"soon\"}"));
        assertEquals("p.json:4:45: /stages/0/duration: expected a duration such as \"24h\", \"30m\", \"90s\", \"2d\" or"
                + " ISO-8601 \"PT24H\", got \"soon\"", d.getMessage());
        InputException u = fails("p.json", withStages("{\"name\": \"a\", \"tenants\": [\"t\"], \"colour\": 1}"));
        assertTrue(u.getMessage().startsWith("p.json:4:33: /stages/0/colour: unknown field 'colour' (known: name,"), u.getMessage());
    }

    @Test
    void unknownFieldIsAWarningWhenLenient() {
        InputDocument doc = InputLoader.parse("p.json", withStages("{\"name\": \"a\", \"tenants\": [\"t\"], \"colour\": 1}"),
                Strictness.LENIENT);
        Loaded<RolloutPlan> p = RolloutPlans.read(doc, null);
        assertEquals(1, p.value().stages().size());
        assertEquals(1, p.warnings().size(), "the plan comes with its warnings");
        assertEquals(4, p.warnings().get(0).line());
        assertEquals("/stages/0/colour", p.warnings().get(0).field());
    }

    @Test
    void otherStrategiesValidateTheirConfig() {
        String base = "rollout_id: r1\npolicy_set: p\nfrom_version: v1\nto_version: v2\n";
        RolloutPlan bg = RolloutPlans.read(InputLoader.parse("b.yaml", base + "strategy: blue_green\nconfig:\n"
                + "  parallel_evaluation: true\n  comparison_period: 24h\n  switch_threshold:\n    verdict_match_rate: 0.95\n",
                Strictness.STRICT), null).value();
        assertEquals(new StrategyConfig.BlueGreen(true, Duration.ofHours(24), 0.95), bg.config().orElseThrow());
        RolloutPlan ct = RolloutPlans.read(InputLoader.parse("c.yaml", base + "strategy: canary_traffic\nconfig:\n"
                + "  initial_percentage: 5\n  increment: 10\n  increment_interval: 4h\n  max_error_rate: 0.01\n",
                Strictness.STRICT), null).value();
        assertEquals(new StrategyConfig.CanaryTraffic(5, 10, Duration.ofHours(4), 0.01), ct.config().orElseThrow());
        RolloutPlan ff = RolloutPlans.read(InputLoader.parse("f.yaml", base + "strategy: feature_flag\nconfig:\n"
                + "  flag_name: \"policy-v2-enabled\"\n  default: false\n  overrides:\n    - tenant: \"security-team\"\n"
                + "      value: true\n", Strictness.STRICT), null).value();
        assertEquals(new StrategyConfig.FeatureFlag("policy-v2-enabled", false,
                java.util.List.of(new StrategyConfig.FlagOverride("security-team", true))), ff.config().orElseThrow());
        InputException e = fails("c.yaml", base + "strategy: canary_traffic\nconfig:\n"
                + "  initial_percentage: 5\n  increment: 10\n  increment_interval: 4h\n  max_error_rate: 1.5\n");
        assertEquals("c.yaml:10:19: /config/max_error_rate: expected a fraction from 0 to 1, got 1.5", e.getMessage());
    }
}
