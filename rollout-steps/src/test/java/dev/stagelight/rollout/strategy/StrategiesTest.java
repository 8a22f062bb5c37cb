package dev.stagelight.rollout.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.cohort.CohortHash;
import dev.stagelight.rollout.cohort.TargetScopes;
import dev.stagelight.rollout.engine.RolloutEngine;
import dev.stagelight.rollout.events.RolloutEvent;
import dev.stagelight.rollout.events.RolloutMetrics;
import dev.stagelight.rollout.impact.ScanGenerator;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.plan.RolloutPlans;
import dev.stagelight.rollout.plan.StrategyConfig;
import dev.stagelight.rollout.policy.PolicyLibrary;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.state.StageStatus;
import dev.stagelight.rollout.store.DirectoryStore;
import dev.stagelight.rollout.tenant.Tenants;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The non-staged strategies run on the examples' plans, tenants and policies: their decisions, including rollbacks. */
class StrategiesTest {
    static final Path EX = Path.of("../examples/rollout");
    static final Tenants TENANTS = Tenants.load(EX.resolve("tenants.yaml"), Strictness.STRICT);
    static final PolicyLibrary POLICIES = PolicyLibrary.load(EX.resolve("policies"), Strictness.STRICT);
    static final Instant T0 = Instant.parse("2024-12-29T10:00:00Z");

    @TempDir
    Path dir;
    DirectoryStore store;
    RolloutEngine engine;
    final List<RolloutEvent> events = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        store = DirectoryStore.open(dir.resolve("store"));
        engine = new RolloutEngine(store, events::add);
    }

    static StrategyPlan planned(String file) {
        RolloutPlan p = RolloutPlans.read(InputLoader.load(EX.resolve(file), Strictness.STRICT), TENANTS, POLICIES).value();
        return StrategyPlanner.plan(p, TENANTS.all(), TargetScopes.of(POLICIES, p.policySet(), p.toVersion()));
    }

    static Instant h(long hours) {
        return T0.plus(Duration.ofHours(hours));
    }

    static StageObservations errorRate(double rate) {
        return new StageObservations(true, 500, 2, 0.12, 0.125, 0, Set.of(), Map.of("error_rate", rate));
    }

    RolloutState start(StrategyPlan sp) throws Exception {
        engine.create(sp, T0, "platform-admin");
        engine.approve(sp.plan().rolloutId(), "policy-admin", "go", T0);
        return engine.advance(sp.plan().rolloutId(), T0, StageObservations.unavailable(Set.of()));
    }

    long onVersion(String version) throws Exception {
        return store.assignments().asMap().values().stream().filter(m -> version.equals(m.get("production"))).count();
    }

    // ---- canary_traffic

    @Test
    void trafficSharesAreNestedHashBucketCohorts() {
        StrategyPlan sp = planned("canary-traffic.yaml");
        List<Double> shares = sp.state().trafficPercent();
        assertEquals(List.of(5.0, 15.0, 25.0, 35.0, 45.0, 55.0, 65.0, 75.0, 85.0, 95.0, 100.0), shares);
        String id = sp.plan().rolloutId();
        for (int i = 0; i < shares.size(); i++) {
            double p = shares.get(i);
            Set<String> cohort = new HashSet<>(sp.specs().get(i).cohort());
            for (String t : sp.stages().allTenants()) {
                assertEquals(CohortHash.bucket(id, t) < p / 100 * 0x1p60, cohort.contains(t), t + " at " + p + "%");
            }
            if (i > 0) {
                assertTrue(cohort.containsAll(sp.specs().get(i - 1).cohort()), "shares nest");
            }
        }
        assertEquals(37, sp.specs().get(shares.size() - 1).cohort().size());
        assertTrue(sp.rollback().automatic());
        assertTrue(sp.rollback().triggers().stream().anyMatch(t -> t.metric().spelling().equals("error_rate")
                && t.threshold() == 0.01));
    }

    @Test
    void canaryTrafficStepsUpWhileErrorsStayLowAndRollsBackAboveMaxErrorRate() throws Exception {
        StrategyPlan sp = planned("canary-traffic.yaml");
        String id = sp.plan().rolloutId();
        RolloutState s = start(sp);
        assertEquals(5.0, TrafficSteps.current(s));
        assertEquals(5.0, events.stream().filter(e -> e.event().equals("rollout.stage.started")).findFirst().orElseThrow()
                .fields().get("traffic_percentage"));
        s = engine.advance(id, h(4), StageObservations.of(500, 2, 0.12, 0.125, 0));
        assertEquals("traffic-5", s.stage().name(), "no error_rate observed: the step is not judged");
        assertEquals(1, s.stage().extensions());
        s = engine.advance(id, h(5), errorRate(0.004));
        assertEquals("traffic-15", s.stage().name());
        assertEquals(15.0, TrafficSteps.current(s));
        assertTrue(RolloutMetrics.render(List.of(s), store.assignments().asMap())
                .contains("stagelight_rollout_traffic_percent{rollout_id=\"" + id + "\"} 15"));
        long switched = onVersion("v2.0.0");
        assertEquals(sp.specs().get(1).cohort().size(), switched);

        s = engine.advance(id, h(6), errorRate(0.02)); // above max_error_rate 0.01 during the step: at once
        assertEquals(RolloutStatus.ROLLED_BACK, s.status());
        assertEquals(0.0, TrafficSteps.current(s));
        assertEquals(0, onVersion("v2.0.0"));
        assertTrue(s.rollbackReport().reason().contains("error_rate exceeded 0.01"), s.rollbackReport().reason());
    }

    @Test
    void canaryTrafficCompletesAtFullTraffic() throws Exception {
        StrategyPlan sp = planned("canary-traffic.yaml");
        String id = sp.plan().rolloutId();
        RolloutState s = start(sp);
        for (int i = 1; i <= 11 && s.status() == RolloutStatus.IN_PROGRESS; i++) {
            s = engine.advance(id, h(4L * i), errorRate(0.001));
            s = engine.advance(id, h(4L * i), errorRate(0.001));
        }
        assertEquals(RolloutStatus.COMPLETED, s.status());
        assertEquals(100.0, TrafficSteps.current(s));
        assertEquals(37, onVersion("v2.0.0"));
    }

    // ---- blue_green

    VerdictComparison.Result compare(StrategyPlan sp, double threshold) throws Exception {
        VerdictComparison c = new VerdictComparison(TENANTS, POLICIES, "production", "v1.0.0", "v2.0.0",
                new HashSet<>(sp.stages().allTenants()), Instant.parse("2024-12-27T00:00:00Z"),
                Instant.parse("2024-12-29T00:00:00Z"), threshold);
        new ScanGenerator(789, TENANTS.all(), Instant.parse("2024-12-29T00:00:00Z"), Duration.ofDays(3)).generate(6000, c::accept);
        return c.result();
    }

    @Test
    void blueGreenSwitchesEveryoneAtOnceWhenVerdictsMatch() throws Exception {
        StrategyPlan sp = planned("blue-green.yaml");
        assertEquals(List.of("compare", "switch"), sp.specs().stream().map(x -> x.name()).toList());
        assertEquals(List.of(), sp.specs().get(0).cohort(), "nobody switches while comparing");
        String id = sp.plan().rolloutId();
        RolloutState s = start(sp);
        assertEquals(0, onVersion("v2.0.0"));
        // Live observations (a gate measured the match rate on the scans evaluated while comparing).
        StageObservations live = new StageObservations(true, 1200, 5, 0.1, 0.104, 0, Set.of(),
                Map.of(StrategyPlanner.VERDICT_MATCH_RATE, 0.97));
        s = engine.advance(id, h(12), live);
        assertEquals("compare", s.stage().name(), "the comparison period is not over");
        s = engine.advance(id, h(24), StageObservations.of(1200, 5, 0.1, 0.104, 0));
        assertEquals("compare", s.stage().name(), "no match rate observed: not judged, monitoring extended");
        s = engine.advance(id, h(25), live);
        assertEquals("switch", s.stage().name());
        assertEquals(37, onVersion("v2.0.0"), "every tenant at once");
        s = engine.advance(id, h(25), StageObservations.of(900, 4, 0.12, 0.13, 0));
        assertEquals(RolloutStatus.COMPLETED, s.status());
    }

    @Test
    void blueGreenStaysOnBlueBelowTheThresholdAndReportsTheMismatches() throws Exception {
        StrategyPlan sp = planned("blue-green.yaml");
        String id = sp.plan().rolloutId();
        start(sp);
        VerdictComparison.Result r = compare(sp, 0.95);
        assertTrue(r.compared() > 1000, r.toString());
        assertEquals(r.compared() - r.matches(), r.mismatchCount());
        assertTrue(r.matchRate() < 0.95, "the generated history's green verdicts differ too often: " + r.matchRate());
        assertFalse(r.switches());
        assertFalse(r.mismatches().isEmpty());
        VerdictComparison.Mismatch m = r.mismatches().get(0);
        assertFalse(m.blue().equals(m.green()), m.toString());
        RolloutState s = engine.advance(id, h(24), r.observations());
        assertEquals(RolloutStatus.ROLLED_BACK, s.status(), "stays: the automatic rollback ends it, restoring nobody");
        assertEquals(List.of(), s.rollbackReport().tenantsRolledBack());
        assertTrue(s.rollbackReport().reason().contains("verdict_match_rate"), s.rollbackReport().reason());
        assertEquals(0, onVersion("v2.0.0"));
    }

    @Test
    void blueGreenRollsEveryoneBackWhenATriggerFiresAfterTheSwitch() throws Exception {
        StrategyPlan sp = planned("blue-green.yaml");
        String id = sp.plan().rolloutId();
        start(sp);
        engine.advance(id, h(24), new StageObservations(true, 1200, 5, 0.1, 0.104, 0, Set.of(),
                Map.of(StrategyPlanner.VERDICT_MATCH_RATE, 0.96)));
        assertEquals(37, onVersion("v2.0.0"));
        RolloutState s = engine.advance(id, h(25), StageObservations.of(900, 300, 0.12, 0.45, 10));
        assertEquals(RolloutStatus.ROLLED_BACK, s.status());
        assertEquals(37, s.rollbackReport().tenantsRolledBack().size());
        assertEquals(0, onVersion("v2.0.0"));
    }

    @Test
    void blueGreenRefusesStagesAndSerialEvaluation() {
        RolloutPlan p = planned("blue-green.yaml").plan();
        RolloutPlan serial = new RolloutPlan(p.rolloutId(), p.policySet(), p.fromVersion(), p.toVersion(), p.strategy(),
                java.util.Optional.of(new StrategyConfig.BlueGreen(false, Duration.ofHours(24), 0.95)), p.stages(),
                p.rollback(), p.notifications());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StrategyPlanner.plan(serial,
                TENANTS.all(), TargetScopes.of(POLICIES, p.policySet(), p.toVersion())));
        assertTrue(e.getMessage().contains("parallel_evaluation"), e.getMessage());
    }

    // ---- feature_flag

    @Test
    void flagOverridesAreResolvedBeforeTheCohorts() {
        StrategyPlan sp = planned("feature-flag.yaml");
        assertEquals("flag-overrides", sp.specs().get(0).name());
        assertEquals(List.of("security-security-tools", "security-vuln-scanner"), sp.specs().get(0).cohort());
        assertFalse(sp.stages().allTenants().contains("finance-billing-eu"), "forced off: never switched");
        FlagResolution.EffectiveFlag off = FlagResolution.planned(sp, "finance-billing-eu");
        assertEquals(false, off.on());
        assertEquals("override", off.source());
        assertEquals("v1.0.0", off.version());
        assertEquals("override", FlagResolution.planned(sp, "security-vuln-scanner").source());
        assertTrue(FlagResolution.planned(sp, "product-dev-web-app-eu").source().startsWith("stage "));
        assertTrue(FlagResolution.planned(sp, "cust-success-crm-sync").source().startsWith("denied RESIDENCY"));
    }

    @Test
    void flagIsServedStageByStageAndTurnedOffByARollback() throws Exception {
        StrategyPlan sp = planned("feature-flag.yaml");
        String id = sp.plan().rolloutId();
        RolloutState s = start(sp);
        assertTrue(FlagResolution.current(s, "security-vuln-scanner").on());
        FlagResolution.EffectiveFlag waiting = FlagResolution.current(s, "product-dev-web-app-eu");
        assertFalse(waiting.on());
        String metrics = RolloutMetrics.render(List.of(s), store.assignments().asMap());
        assertTrue(metrics.contains("stagelight_feature_flag{rollout_id=\"" + id
                + "\",flag=\"policy-v2-enabled\",tenant=\"security-vuln-scanner\"} 1"), metrics);
        assertTrue(metrics.contains("tenant=\"finance-billing-eu\"} 0"), metrics);

        s = engine.advance(id, h(24), StageObservations.of(200, 1, 0.1, 0.1, 0));
        engine.approve(id, "policy-admin", "security teams fine", h(24));
        s = engine.advance(id, h(24), StageObservations.unavailable(Set.of()));
        assertEquals("early", s.stage().name());
        String early = s.stage().activated().get(0);
        assertTrue(FlagResolution.current(s, early).on());
        s = engine.advance(id, h(30), StageObservations.of(400, 0, 0.1, 0.5, 0)); // failure rate +0.4 > 0.20 trigger
        assertEquals(RolloutStatus.ROLLED_BACK, s.status());
        assertFalse(FlagResolution.current(s, early).on());
        assertFalse(FlagResolution.current(s, "security-vuln-scanner").on(), "a rollback turns overrides off too");
        assertEquals("rolled back", FlagResolution.current(s, "security-vuln-scanner").source());
        assertEquals(0, onVersion("v2.0.0"));
        assertNull(TrafficSteps.current(s), "no traffic share for a flag");
    }

    @Test
    void flagPlansThatWouldSwitchNobodyOrContradictThemselvesAreRefused() {
        RolloutPlan p = planned("feature-flag.yaml").plan();
        RolloutPlan defaultOnWithStages = new RolloutPlan(p.rolloutId(), p.policySet(), p.fromVersion(), p.toVersion(),
                p.strategy(), java.util.Optional.of(new StrategyConfig.FeatureFlag("f", true, List.of())),
                planned("feature-flag.yaml").plan().stages().subList(1, 4), p.rollback(), p.notifications());
        assertThrows(IllegalArgumentException.class, () -> StrategyPlanner.plan(defaultOnWithStages, TENANTS.all(),
                TargetScopes.of(POLICIES, p.policySet(), p.toVersion())));
        RolloutPlan nobody = new RolloutPlan(p.rolloutId(), p.policySet(), p.fromVersion(), p.toVersion(), p.strategy(),
                java.util.Optional.of(new StrategyConfig.FeatureFlag("f", false, List.of())), List.of(), p.rollback(),
                p.notifications());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StrategyPlanner.plan(nobody,
                TENANTS.all(), TargetScopes.of(POLICIES, p.policySet(), p.toVersion())));
        assertTrue(e.getMessage().contains("nobody"), e.getMessage());
    }
}
