package dev.stagelight.rollout.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.cohort.CohortPlanner;
import dev.stagelight.rollout.cohort.StagePlan;
import dev.stagelight.rollout.events.RolloutEvent;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.policy.BundleScope;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.RolloutStateException;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.state.StageStatus;
import dev.stagelight.rollout.store.ConflictException;
import dev.stagelight.rollout.store.DirectoryStore;
import dev.stagelight.rollout.tenant.Tenant;
import dev.stagelight.rollout.testing.RolloutFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutEngineTest {
    static final Instant T0 = Instant.parse("2024-12-29T11:00:00Z");
    static final StageObservations HEALTHY = StageObservations.of(234, 3, 0.12, 0.13, 0);

    @TempDir
    Path dir;
    DirectoryStore store;
    RolloutEngine engine;
    final List<RolloutEvent> events = new ArrayList<>();
    final List<Tenant> tenants = RolloutFixtures.tenants(40);

    @BeforeEach
    void setUp() throws Exception {
        store = DirectoryStore.open(dir);
        engine = new RolloutEngine(store, events::add);
    }

    RolloutState create(RolloutPlan plan) throws Exception {
        StagePlan cohorts = CohortPlanner.plan(plan, tenants, BundleScope.ANY);
        return engine.create(plan, cohorts, T0, "platform-admin@acme.example");
    }

    static Instant h(long hours) {
        return T0.plus(Duration.ofHours(hours));
    }

    List<String> eventNames() {
        return events.stream().map(RolloutEvent::event).toList();
    }

    @Test
    void wholeStagedRolloutWithApprovals() throws Exception {
        RolloutState s = create(RolloutFixtures.plan789(true));
        assertEquals(RolloutStatus.PENDING, s.status());
        s = engine.advance("rollout-789", h(0), HEALTHY);
        assertEquals(RolloutStatus.PENDING, s.status(), "nothing starts before approval");
        assertEquals(1, s.seq());

        engine.approve("rollout-789", "policy-admin@acme.example", "Impact acceptable.", h(0));
        s = engine.advance("rollout-789", h(0), HEALTHY);
        assertEquals(RolloutStatus.IN_PROGRESS, s.status());
        assertEquals(StageStatus.MONITORING, s.stage().status());
        assertEquals("v2.0.0", store.assignments().version(RolloutFixtures.CANARY, "production"));
        assertEquals("v1.0.0", store.assignments().version("tenant-00001", "production"));

        s = engine.advance("rollout-789", h(23), HEALTHY);
        assertEquals(StageStatus.MONITORING, s.stage().status(), "window not over");
        s = engine.advance("rollout-789", h(24), HEALTHY);
        assertEquals(StageStatus.COMPLETED, s.stages().get(0).status());
        assertTrue(s.awaitingApproval(), "canary has auto_proceed false");
        s = engine.advance("rollout-789", h(30), HEALTHY);
        assertEquals(StageStatus.PENDING, s.stages().get(1).status());

        engine.approve("rollout-789", "policy-admin@acme.example", "canary fine", h(30));
        s = engine.advance("rollout-789", h(30), HEALTHY);
        assertEquals("early-adopters", s.stage().name());
        assertEquals(h(78), s.stage().monitorUntil());
        s = engine.advance("rollout-789", h(78), HEALTHY);
        assertEquals("majority", s.stage().name(), "early-adopters auto-proceeds");
        assertEquals(StageStatus.MONITORING, s.stage().status());
        s = engine.advance("rollout-789", h(102), HEALTHY);
        assertEquals("full", s.stage().name());
        s = engine.advance("rollout-789", h(103), HEALTHY);
        assertEquals(RolloutStatus.COMPLETED, s.status());

        for (Tenant t : tenants) {
            assertEquals("v2.0.0", store.assignments().version(t.id(), "production"), t.id());
        }
        assertTrue(store.leases().isEmpty(), "leases released on completion");
        assertEquals(List.of("rollout.created", "rollout.approved", "rollout.stage.started", "rollout.stage.completed",
                "rollout.approved", "rollout.stage.started", "rollout.stage.completed", "rollout.stage.started",
                "rollout.stage.completed", "rollout.stage.started", "rollout.stage.completed", "rollout.completed"),
                eventNames());
        assertEquals(store.events("rollout-789"), events.stream().map(RolloutEvent::toJsonLine).toList(),
                "the store holds exactly the events emitted");
        RolloutEvent done = events.get(events.size() - 1);
        assertEquals("103h", done.fields().get("duration"), "canary start to completion, as the flow writes \"96h\"");
        int activated = s.activatedTenants().size();
        assertEquals(40, activated);
        assertEquals(40, Set.copyOf(s.activatedTenants()).size(), "no tenant applied twice");
    }

    void toEarlyAdopters(boolean automatic) throws Exception {
        create(RolloutFixtures.plan789(automatic));
        engine.approve("rollout-789", "a", "go", h(0));
        engine.advance("rollout-789", h(0), HEALTHY);
        engine.advance("rollout-789", h(24), HEALTHY);
        engine.approve("rollout-789", "a", "go", h(24));
        engine.advance("rollout-789", h(24), HEALTHY);
    }

    @Test
    void breachedTriggerRollsBackEveryTenantAutomatically() throws Exception {
        toEarlyAdopters(true);
        Map<String, ?> before = store.assignments().asMap();
        assertTrue(store.assignments().countByVersion(tenantIds(), "production").get("v2.0.0") > 1);
        RolloutState s = engine.advance("rollout-789", h(30), StageObservations.of(900, 150, 0.12, 0.40, 3));
        assertEquals(RolloutStatus.ROLLED_BACK, s.status());
        assertEquals(StageStatus.FAILED, s.stages().get(1).status());
        assertEquals(Map.of("v1.0.0", 40), store.assignments().countByVersion(tenantIds(), "production"));
        assertTrue(s.rollbackReport().reason().startsWith("failure_rate_increase exceeded 0.2 threshold"),
                s.rollbackReport().reason());
        assertEquals("early-adopters", s.rollbackReport().rollbackStage());
        RolloutEvent rb = events.get(events.size() - 1);
        assertEquals("rollout.rollback", rb.event());
        assertEquals("WARN", rb.level());
        assertEquals(s.rollbackReport().tenantsRolledBack(), rb.fields().get("tenants"));
        assertTrue(store.leases().isEmpty());
        assertTrue(!before.equals(store.assignments().asMap()));
    }

    @Test
    void withoutAutomaticRollbackABreachPausesForADecision() throws Exception {
        toEarlyAdopters(false);
        RolloutState s = engine.advance("rollout-789", h(30), StageObservations.of(900, 10, 0.1, 0.1, 51));
        assertEquals(RolloutStatus.PAUSED, s.status());
        assertTrue(s.pauseReason().contains("new_critical_blocks exceeded 50"), s.pauseReason());
        assertEquals("rollout.paused", events.get(events.size() - 1).event());
        assertEquals(s, engine.advance("rollout-789", h(200), HEALTHY), "paused waits for a person");
        s = engine.rollback("rollout-789", "platform-admin", "decided to revert", h(31), Set.of());
        assertEquals(RolloutStatus.ROLLED_BACK, s.status());
        assertEquals(Map.of("v1.0.0", 40), store.assignments().countByVersion(tenantIds(), "production"));
    }

    @Test
    void approvingAPauseResumesMonitoringWithAFreshWindow() throws Exception {
        toEarlyAdopters(false);
        engine.advance("rollout-789", h(30), StageObservations.of(900, 10, 0.1, 0.1, 51));
        RolloutState s = engine.approve("rollout-789", "lead", "known noise", h(31));
        assertEquals(RolloutStatus.IN_PROGRESS, s.status());
        assertEquals(h(31 + 48), s.stage().monitorUntil());
        assertNull(s.pauseReason());
    }

    @Test
    void missedSuccessCriteriaAtTheEndOfTheWindowRollBack() throws Exception {
        toEarlyAdopters(true);
        RolloutState s = engine.advance("rollout-789", h(72), StageObservations.of(900, 21, 0.10, 0.12, 0));
        assertEquals(RolloutStatus.ROLLED_BACK, s.status());
        assertTrue(s.rollbackReport().reason().contains("new_failures 21 exceeded max_new_failures 20"));
    }

    // Error table row "metrics unavailable": last known good kept, monitoring extended by a quarter of the 48h window
    // (12h) at most 3 times; observations arriving during an extension decide the stage at once.
    @Test
    void metricsUnavailableKeepsLastKnownGoodAndExtendsMonitoring() throws Exception {
        toEarlyAdopters(true);
        StageObservations good = StageObservations.of(500, 1, 0.1, 0.1, 0);
        engine.advance("rollout-789", h(30), good);
        StageObservations none = StageObservations.unavailable(Set.of());
        RolloutState s = engine.advance("rollout-789", h(71), none);
        assertEquals(0, s.stage().extensions(), "the window is not over");
        s = engine.advance("rollout-789", h(72), none);
        assertEquals(1, s.stage().extensions());
        assertEquals(h(72 + 12), s.stage().monitorUntil(), "a quarter of 48h");
        assertEquals(good, s.stage().lastKnownGood());
        RolloutEvent ext = events.get(events.size() - 1);
        assertEquals("rollout.monitoring.extended", ext.event());
        assertEquals(h(72 + 36).toString(), ext.fields().get("deadline"));
        s = engine.advance("rollout-789", h(90), none);
        assertEquals(2, s.stage().extensions());
        assertEquals(RolloutStatus.IN_PROGRESS, s.status());
        s = engine.advance("rollout-789", h(91), StageObservations.of(800, 2, 0.1, 0.11, 0));
        assertEquals(StageStatus.COMPLETED, s.stages().get(1).status(), "metrics are back: decided at once");
        assertEquals("majority", s.stage().name());
    }

    // Error table row "stage timeout": undecided at window end + 3 extensions (the deadline) pauses and alerts.
    @Test
    void stageTimeoutPausesAndAlertsAtTheDeadline() throws Exception {
        toEarlyAdopters(true);
        StageObservations none = StageObservations.unavailable(Set.of());
        RolloutState s = engine.advance("rollout-789", h(107), none);
        assertEquals(RolloutStatus.IN_PROGRESS, s.status(), "an hour before the deadline");
        assertEquals(3, s.stage().extensions(), "one call caught up on every extension due");
        s = engine.advance("rollout-789", h(108), none);
        assertEquals(RolloutStatus.PAUSED, s.status());
        assertEquals("stage timeout: stage early-adopters undecided at its deadline " + h(108) + " (48h window + 3"
                + " extensions of 12h); metrics unavailable, last known good kept", s.pauseReason());
        RolloutEvent paused = events.get(events.size() - 1);
        assertEquals("rollout.paused", paused.event());
        assertEquals(Boolean.TRUE, paused.fields().get("alert"));
    }

    @Test
    void theTimeoutDoesNotDependOnHowOftenAdvanceIsCalled(@TempDir Path other) throws Exception {
        toEarlyAdopters(true);
        RolloutEngine once = new RolloutEngine(DirectoryStore.open(other), e -> { });
        RolloutPlan plan = RolloutFixtures.plan789(true);
        once.create(plan, CohortPlanner.plan(plan, tenants, BundleScope.ANY), T0, "platform-admin@acme.example");
        once.approve("rollout-789", "a", "go", h(0));
        once.advance("rollout-789", h(0), HEALTHY);
        once.advance("rollout-789", h(24), HEALTHY);
        once.approve("rollout-789", "a", "go", h(24));
        once.advance("rollout-789", h(24), HEALTHY);

        StageObservations none = StageObservations.unavailable(Set.of());
        for (int hour = 25; hour <= 130; hour++) {
            engine.advance("rollout-789", h(hour), none);
        }
        RolloutState hourly = store.load("rollout-789").orElseThrow();
        RolloutState late = once.advance("rollout-789", h(130), none);
        assertEquals(RolloutStatus.PAUSED, late.status());
        assertEquals(hourly.pauseReason(), late.pauseReason());
        assertEquals(hourly.stages(), late.stages());
        assertEquals(hourly.seq(), late.seq(), "the same transitions");
    }

    @Test
    void unreachableTenantIsSkippedReportedAndPickedUpLater() throws Exception {
        create(RolloutFixtures.plan789(true));
        engine.approve("rollout-789", "a", "go", h(0));
        engine.advance("rollout-789", h(0), HEALTHY);
        engine.advance("rollout-789", h(24), HEALTHY);
        engine.approve("rollout-789", "a", "go", h(24));
        RolloutState planned = store.load("rollout-789").orElseThrow();
        String victim = planned.stages().get(1).spec().cohort().get(1);
        StageObservations cut = new StageObservations(true, 10, 0, 0.1, 0.1, 0, Set.of(victim), Map.of());
        RolloutState s = engine.advance("rollout-789", h(24), cut);
        assertEquals(List.of(victim), s.stages().get(1).skipped());
        assertEquals("v1.0.0", store.assignments().version(victim, "production"));
        assertTrue(eventNames().contains("rollout.tenant.skipped"));
        s = engine.advance("rollout-789", h(72), HEALTHY);
        assertTrue(s.stages().get(2).activated().contains(victim), "the next stage takes it");
        assertEquals("v2.0.0", store.assignments().version(victim, "production"));
        assertEquals(List.of(), s.skippedTenants(), "retried, so no longer skipped");
    }

    @Test
    void unreachableTenantInTheLastStageIsReportedAtCompletionNotPromisedARetry() throws Exception {
        toEarlyAdopters(true);
        engine.advance("rollout-789", h(72), HEALTHY);
        RolloutState planned = store.load("rollout-789").orElseThrow();
        List<String> full = new ArrayList<>(planned.stages().get(3).spec().cohort());
        full.removeAll(planned.stages().get(2).spec().cohort());
        String victim = full.get(0);
        StageObservations cut = new StageObservations(true, 10, 0, 0.1, 0.1, 0, Set.of(victim), Map.of());
        RolloutState s = engine.advance("rollout-789", h(96), cut);
        assertEquals("full", s.stage().name());
        RolloutEvent skipped = events.stream().filter(e -> e.event().equals("rollout.tenant.skipped")).findFirst().orElseThrow();
        String reason = (String) skipped.fields().get("reason");
        assertTrue(reason.contains("last stage, nothing retries it"), reason);
        assertTrue(!reason.contains("retried by") && !reason.contains("tries it again"), reason);
        s = engine.advance("rollout-789", h(97), HEALTHY);
        assertEquals(RolloutStatus.COMPLETED, s.status(), "skip and continue with the others");
        assertEquals(List.of(victim), s.skippedTenants());
        assertEquals("v1.0.0", store.assignments().version(victim, "production"));
        RolloutEvent done = events.get(events.size() - 1);
        assertEquals("rollout.completed", done.event());
        assertEquals(List.of(victim), done.fields().get("tenants_skipped"));
        assertEquals(39, done.fields().get("tenants_on_v2.0.0"));
    }

    @Test
    void rollbackFailureFailsTheRolloutAndReportsWhatIsLeft() throws Exception {
        toEarlyAdopters(true);
        RolloutState running = store.load("rollout-789").orElseThrow();
        String stuck = running.activatedTenants().get(1);
        StageObservations bad = new StageObservations(true, 900, 150, 0.1, 0.5, 0, Set.of(stuck), Map.of());
        RolloutState s = engine.advance("rollout-789", h(30), bad);
        assertEquals(RolloutStatus.FAILED, s.status());
        assertEquals(List.of(stuck), s.rollbackReport().unrestored());
        assertEquals("v2.0.0", store.assignments().version(stuck, "production"));
        assertEquals("rollout.failed", events.get(events.size() - 1).event());
        assertEquals(Map.of(stuck, "rollout-789"), Map.of(stuck, store.leases().get(stuck)), "failed keeps its leases");
        s = engine.rollback("rollout-789", "oncall", "manual fix", h(40), Set.of());
        assertEquals(RolloutStatus.ROLLED_BACK, s.status());
        assertEquals(Map.of("v1.0.0", 40), store.assignments().countByVersion(tenantIds(), "production"));
        assertTrue(store.leases().isEmpty());
    }

    @Test
    void aPendingRolloutIsCancelledByRollbackAndFreesItsTenants() throws Exception {
        create(RolloutFixtures.plan789(true));
        Map<String, ?> created = store.assignments().asMap();
        assertEquals(40, store.leases().size());
        engine.approve("rollout-789", "a", "go", h(0)); // approved, but no stage started yet: still pending
        RolloutState s = engine.rollback("rollout-789", "platform-admin", "plan superseded", h(1), Set.of());
        assertEquals(RolloutStatus.ROLLED_BACK, s.status());
        assertEquals(created, store.assignments().asMap(), "nothing was applied, nothing changes");
        assertTrue(store.leases().isEmpty(), "the cancelled rollout's tenants are free again");
        s.stages().forEach(st -> assertEquals(StageStatus.PENDING, st.status()));
        RolloutEvent cancel = events.get(events.size() - 1);
        assertEquals("rollout.rollback", cancel.event());
        assertEquals("plan superseded", cancel.fields().get("reason"));
        assertEquals(List.of(), cancel.fields().get("tenants"));
        assertEquals("cancelled before any stage started; nothing was applied", cancel.fields().get("action"));
        assertEquals(s, engine.advance("rollout-789", h(2), HEALTHY), "a cancelled rollout never starts");
        assertThrows(RolloutStateException.class, () -> engine.approve("rollout-789", "a", "go", h(2)));
        create(RolloutFixtures.plan("rollout-790", true));
        assertEquals("rollout-790", store.leases().get(RolloutFixtures.CANARY), "a new rollout may take the tenants");
    }

    @Test
    void twoRolloutsMayNotTouchTheSameTenant() throws Exception {
        create(RolloutFixtures.plan789(true));
        ConflictException e = assertThrows(ConflictException.class, () -> create(RolloutFixtures.plan("rollout-790", true)));
        assertTrue(e.getMessage().contains("is already in rollout rollout-789"), e.getMessage());
        assertThrows(ConflictException.class, () -> create(RolloutFixtures.plan789(true)), "same id twice");
        assertTrue(store.load("rollout-790").isEmpty());
    }

    @Test
    void approveWhenNothingWaitsIsRefused() throws Exception {
        toEarlyAdopters(true);
        RolloutStateException e = assertThrows(RolloutStateException.class,
                () -> engine.approve("rollout-789", "a", "again", h(25)));
        assertTrue(e.getMessage().contains("not waiting for an approval"), e.getMessage());
    }

    @Test
    void eventsPeopleMustHearAboutNameThePlansNotificationTargets() throws Exception {
        RolloutPlan p = RolloutFixtures.plan789(true);
        RolloutPlan withNotify = new RolloutPlan(p.rolloutId(), p.policySet(), p.fromVersion(), p.toVersion(), p.strategy(),
                p.config(), p.stages(), p.rollback(), List.of(
                        new dev.stagelight.rollout.plan.Notification("slack", "#platform-engineering"),
                        new dev.stagelight.rollout.plan.Notification("email", "team-leads@acme.example")));
        create(withNotify);
        engine.approve("rollout-789", "a", "go", h(0));
        RolloutEvent approved = events.get(events.size() - 1);
        assertEquals(List.of(Map.of("channel", "slack", "target", "#platform-engineering"),
                Map.of("channel", "email", "target", "team-leads@acme.example")), approved.fields().get("notify"));
        assertTrue(approved.toJsonLine().contains("\"notify\":[{\"channel\":\"slack\""), approved.toJsonLine());
    }

    @Test
    void onlyStagedRolloutsRun() {
        RolloutPlan staged = RolloutFixtures.plan789(true);
        RolloutPlan blueGreen = new RolloutPlan(staged.rolloutId(), staged.policySet(), staged.fromVersion(),
                staged.toVersion(), dev.stagelight.rollout.plan.Strategy.BLUE_GREEN, staged.config(), staged.stages(),
                staged.rollback(), staged.notifications());
        RolloutStateException e = assertThrows(RolloutStateException.class, () -> create(blueGreen));
        assertTrue(e.getMessage().contains("strategy blue_green"), e.getMessage());
    }

    List<String> tenantIds() {
        return tenants.stream().map(Tenant::id).toList();
    }
}
