package dev.stagelight.rollout.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.plan.Strategy;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.store.DirectoryStore;
import dev.stagelight.rollout.strategy.FlagResolution;
import dev.stagelight.rollout.strategy.StrategyPlanner;
import dev.stagelight.rollout.strategy.TrafficSteps;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipeline ticks over every strategy the plan schema names, from the examples' plans: the pipeline plans them exactly
 * as {@code rollout start} does (traffic steps, compare/switch, flag overrides first) and runs them through the engine.
 */
class PipelineStrategiesTest {
    static final Path EX = Path.of("../examples/rollout");
    static final Instant T0 = Instant.parse("2024-12-29T10:00:00Z");
    static final Duration POLL = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    static PlanFiles.Planned planned(String file) {
        return new PlanFiles(EX.resolve(file), EX.resolve("tenants.yaml"), null, Strictness.STRICT).load();
    }

    static Instant h(long hours) {
        return T0.plus(Duration.ofHours(hours));
    }

    static StageObservations errorRate(double rate) {
        return new StageObservations(true, 500, 2, 0.12, 0.125, 0, Set.of(), Map.of(StrategyPlanner.ERROR_RATE, rate));
    }

    @Test
    void stagedPlansAreUnchanged() {
        PlanFiles.Planned p = planned("rollout-789.json");
        assertEquals(Strategy.STAGED, p.plan().strategy());
        assertEquals(List.of("canary", "early-adopters", "majority", "full"),
                p.stages().stages().stream().map(s -> s.name()).toList());
        assertEquals(List.of(), p.notes());
    }

    @Test
    void canaryTrafficStepsUpTickByTickToFullTraffic() throws Exception {
        PlanFiles.Planned p = planned("canary-traffic.yaml");
        assertEquals("traffic-5", p.stages().stages().get(0).name());
        assertTrue(p.stages().stages().size() > 2, "one stage per traffic share");
        assertTrue(!p.notes().isEmpty(), "the strategy says how it shaped the stages");
        String id = p.plan().rolloutId();
        try (DirectoryStore store = DirectoryStore.open(dir.resolve("store"))) {
            PipelineRollout r = new PipelineRollout(store, e -> { }, POLL);
            PipelineRollout.Tick t = r.tick(p, errorRate(0.001), T0, "jenkins");
            assertTrue(t.created());
            assertEquals(PipelineRollout.Wait.APPROVAL, t.next());
            t = r.approve(id, "alice", "go", errorRate(0.001), T0);
            assertEquals(5.0, TrafficSteps.current(t.state()));
            for (int i = 1; i <= 12 && t.next() != PipelineRollout.Wait.DONE; i++) {
                t = r.tick(p, errorRate(0.001), h(4L * i), "jenkins");
                t = r.tick(p, errorRate(0.001), h(4L * i), "jenkins");
            }
            assertEquals(RolloutStatus.COMPLETED, t.state().status(), t.statusJson());
            assertEquals(100.0, TrafficSteps.current(t.state()));
        }
    }

    @Test
    void canaryTrafficAboveMaxErrorRateRollsBackAtOnce() throws Exception {
        PlanFiles.Planned p = planned("canary-traffic.yaml");
        String id = p.plan().rolloutId();
        try (DirectoryStore store = DirectoryStore.open(dir.resolve("store"))) {
            PipelineRollout r = new PipelineRollout(store, e -> { }, POLL);
            r.tick(p, errorRate(0.001), T0, "jenkins");
            r.approve(id, "alice", "go", errorRate(0.001), T0);
            PipelineRollout.Tick t = r.tick(p, errorRate(0.02), h(1), "jenkins");
            assertTrue(t.rolledBack(), t.statusJson());
            assertEquals(PipelineRollout.Wait.DONE, t.next());
            assertTrue(t.state().rollbackReport().reason().contains("error_rate exceeded 0.01"),
                    t.state().rollbackReport().reason());
        }
    }

    @Test
    void blueGreenComparesThenSwitchesEveryoneAtOnce() throws Exception {
        PlanFiles.Planned p = planned("blue-green.yaml");
        assertEquals(List.of("compare", "switch"), p.stages().stages().stream().map(s -> s.name()).toList());
        String id = p.plan().rolloutId();
        StageObservations matching = new StageObservations(true, 1200, 5, 0.1, 0.104, 0, Set.of(),
                Map.of(StrategyPlanner.VERDICT_MATCH_RATE, 0.97));
        try (DirectoryStore store = DirectoryStore.open(dir.resolve("store"))) {
            PipelineRollout r = new PipelineRollout(store, e -> { }, POLL);
            r.tick(p, matching, T0, "jenkins");
            PipelineRollout.Tick t = r.approve(id, "alice", "go", matching, T0);
            assertEquals("compare", t.state().stage().name());
            assertEquals(0, t.state().stage().activated().size(), "nobody switches while comparing");
            t = r.tick(p, matching, h(12), "jenkins");
            assertEquals("compare", t.state().stage().name(), "the comparison period is not over");
            assertEquals(PipelineRollout.Wait.TIME, t.next());
            t = r.tick(p, matching, h(25), "jenkins");
            assertEquals("switch", t.state().stage().name(), t.statusJson());
            t = r.tick(p, StageObservations.of(900, 4, 0.12, 0.13, 0), h(25), "jenkins");
            assertEquals(RolloutStatus.COMPLETED, t.state().status(), t.statusJson());
        }
    }

    @Test
    void featureFlagServesTheOverridesFirstThenThePlansStages() throws Exception {
        PlanFiles.Planned p = planned("feature-flag.yaml");
        String id = p.plan().rolloutId();
        try (DirectoryStore store = DirectoryStore.open(dir.resolve("store"))) {
            PipelineRollout r = new PipelineRollout(store, e -> { }, POLL);
            r.tick(p, StageObservations.unavailable(Set.of()), T0, "jenkins");
            PipelineRollout.Tick t = r.approve(id, "alice", "go", StageObservations.unavailable(Set.of()), T0);
            assertTrue(FlagResolution.current(t.state(), "security-vuln-scanner").on(), "forced on first");
            assertTrue(!FlagResolution.current(t.state(), "finance-billing-eu").on(), "forced off never gets it");
            t = r.tick(p, StageObservations.of(200, 1, 0.1, 0.1, 0), h(24), "jenkins");
            assertEquals(PipelineRollout.Wait.APPROVAL, t.next(), t.statusJson());
            t = r.approve(id, "alice", "overrides fine", StageObservations.unavailable(Set.of()), h(24));
            assertEquals("early", t.state().stage().name());
            t = r.tick(p, StageObservations.of(400, 0, 0.1, 0.5, 0), h(30), "jenkins"); // +0.4 > the 0.20 trigger
            assertEquals(RolloutStatus.ROLLED_BACK, t.state().status());
            assertTrue(!FlagResolution.current(t.state(), "security-vuln-scanner").on(), "a rollback turns it off");
        }
    }
}
