package dev.stagelight.rollout.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.events.RolloutEvent;
import dev.stagelight.rollout.impact.ScanGenerator;
import dev.stagelight.rollout.impact.ScanJson;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.state.RolloutStateException;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.store.DirectoryStore;
import dev.stagelight.rollout.tenant.Tenants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's tick protocol over the examples: what to wait for, resuming from the store alone, approval, abort. */
class PipelineRolloutTest {
    static final Path EX = Path.of("../examples/rollout");
    static final Instant T0 = Instant.parse("2024-12-29T11:00:00Z");
    static final StageObservations HEALTHY = StageObservations.of(234, 3, 0.12, 0.13, 0);
    static final Duration POLL = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    final List<RolloutEvent> events = new ArrayList<>();

    PlanFiles files() {
        return new PlanFiles(EX.resolve("rollout-789.json"), EX.resolve("tenants.yaml"), null, Strictness.STRICT);
    }

    @Test
    void createsWaitsForApprovalThenForTheWindowAndResumesFromTheStoreAlone() throws Exception {
        PlanFiles.Planned planned = files().load();
        try (DirectoryStore store = DirectoryStore.open(dir)) {
            PipelineRollout p = new PipelineRollout(store, events::add, POLL);
            PipelineRollout.Tick t = p.tick(planned, HEALTHY, T0, "jenkins");
            assertTrue(t.created());
            assertEquals(PipelineRollout.Wait.APPROVAL, t.next());
            assertTrue(t.waitingFor().contains("stage canary"), t.waitingFor());
            assertTrue(t.statusJson().contains("\"awaiting_approval\" : true"), t.statusJson());

            t = p.approve("rollout-789", "alice", "impact acceptable", HEALTHY, T0);
            assertEquals(PipelineRollout.Wait.TIME, t.next());
            assertEquals(T0.plus(POLL), t.wakeAt(), "a monitoring stage is looked at every poll interval");
            assertEquals("alice", t.state().approvals().get(0).approvedBy());
            assertEquals("impact acceptable", t.state().approvals().get(0).notes());
        }
        // A new process (a restarted controller) knows nothing but the store.
        try (DirectoryStore store = DirectoryStore.open(dir)) {
            PipelineRollout p = new PipelineRollout(store, events::add, POLL);
            Instant late = T0.plus(Duration.ofHours(23).plusMinutes(58));
            PipelineRollout.Tick t = p.tick(planned, HEALTHY, late, "jenkins");
            assertFalse(t.created());
            assertEquals(PipelineRollout.Wait.TIME, t.next());
            assertEquals(T0.plus(Duration.ofHours(24)), t.wakeAt(), "never sleeps past the end of the window");

            t = p.tick(planned, HEALTHY, t.wakeAt(), "jenkins");
            assertEquals(PipelineRollout.Wait.APPROVAL, t.next(), "canary has auto_proceed false");
            assertTrue(t.waitingFor().contains("stage early-adopters"), t.waitingFor());

            t = p.abort("rollout-789", "bob", "aborted from the build page", T0.plus(Duration.ofHours(25)));
            assertEquals(PipelineRollout.Wait.DONE, t.next());
            assertTrue(t.rolledBack());
            assertEquals(RolloutStatus.ROLLED_BACK, t.state().status());
            assertTrue(t.statusJson().contains("aborted from the build page"), t.statusJson());
        }
        assertTrue(events.stream().anyMatch(e -> e.event().equals("rollout.approved")));
    }

    @Test
    void aStoreHoldingAnotherPlanUnderTheSameIdIsRefused() throws Exception {
        PlanFiles.Planned planned = files().load();
        try (DirectoryStore store = DirectoryStore.open(dir)) {
            new PipelineRollout(store, e -> {}, POLL).tick(planned, HEALTHY, T0, "jenkins");
        }
        String other = Files.readString(EX.resolve("rollout-789.json")).replace("\"v2.0.0\"", "\"v1.1.0\"");
        Path plan = dir.resolve("plan/rollout-789.json");
        Files.createDirectories(plan.getParent());
        Files.writeString(plan, other);
        PlanFiles moved = new PlanFiles(plan, EX.resolve("tenants.yaml"), EX.resolve("policies"), Strictness.STRICT);
        try (DirectoryStore store = DirectoryStore.open(dir)) {
            PipelineRollout p = new PipelineRollout(store, e -> {}, POLL);
            var e = assertThrows(Exception.class, () -> p.tick(moved.load(), HEALTHY, T0, "jenkins"));
            assertTrue(e.getMessage().contains("rollout-789"), e.getMessage());
        }
    }

    @Test
    void aRollbackTriggerEndsTheTickAsDone() throws Exception {
        try (DirectoryStore store = DirectoryStore.open(dir)) {
            PipelineRollout p = new PipelineRollout(store, e -> {}, POLL);
            p.tick(files().load(), HEALTHY, T0, "jenkins");
            p.approve("rollout-789", "alice", "", HEALTHY, T0);
            StageObservations bad = StageObservations.of(234, 90, 0.10, 0.45, 0);
            PipelineRollout.Tick t = p.tick(files().load(), bad, T0.plus(POLL), "jenkins");
            assertEquals(PipelineRollout.Wait.DONE, t.next());
            assertTrue(t.rolledBack());
        }
    }

    @Test
    void aNonPositivePollIntervalIsRefused() throws Exception {
        try (DirectoryStore store = DirectoryStore.open(dir)) {
            assertThrows(IllegalArgumentException.class, () -> new PipelineRollout(store, e -> {}, Duration.ZERO));
        }
    }

    @Test
    void impactRunGivesTheTableAndTheFlowTree() throws Exception {
        Path scans = dir.resolve("scans.jsonl");
        StringBuilder sb = new StringBuilder();
        new ScanGenerator(789, Tenants.load(EX.resolve("tenants.yaml"), Strictness.STRICT).all(),
                Instant.parse("2024-12-29T00:00:00Z"), Duration.ofDays(30)).generate(2000, s -> ScanJson.appendLine(sb, s));
        Files.writeString(scans, sb);
        ImpactRun.Result r = ImpactRun.run(files(), scans,
                Clock.fixed(Instant.parse("2024-12-29T10:00:00Z"), ZoneOffset.UTC));
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) r.tree().get("impact_analysis");
        assertEquals("rollout-789", a.get("rollout_id"));
        @SuppressWarnings("unchecked")
        Map<String, Object> results = (Map<String, Object>) a.get("results");
        assertEquals(r.report().recommendation().name(), results.get("recommendation"));
        assertTrue(r.table().contains(r.report().recommendation().name()), r.table());
    }
}
