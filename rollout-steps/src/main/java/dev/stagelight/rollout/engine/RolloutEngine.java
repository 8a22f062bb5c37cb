package dev.stagelight.rollout.engine;

import dev.stagelight.rollout.cohort.PlannedStage;
import dev.stagelight.rollout.cohort.StagePlan;
import dev.stagelight.rollout.events.RolloutEvent;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.plan.Strategy;
import dev.stagelight.rollout.state.RolloutMachine;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.RolloutStateException;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.state.Step;
import dev.stagelight.rollout.store.Assignments;
import dev.stagelight.rollout.store.RolloutStore;
import dev.stagelight.rollout.store.StoreException;
import dev.stagelight.rollout.strategy.StrategyPlan;
import dev.stagelight.rollout.strategy.StrategyPlanner;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Drives rollouts through a store: asks the {@link RolloutMachine} for each step and applies it with
 * {@link RolloutStore#apply} before asking for the next, so a process killed at any point resumes from the store.
 * Every applied step's events go to the sink (a printer, a log) after they are durable. Time is always passed in.
 */
public final class RolloutEngine {
    /** Guard against a machine bug looping: no single advance takes more steps than this. */
    private static final int MAX_STEPS_PER_ADVANCE = 64;

    private final RolloutStore store;
    private final Consumer<RolloutEvent> events;
    private final Consumer<Step> steps;

    public RolloutEngine(RolloutStore store, Consumer<RolloutEvent> events) {
        this(store, events, step -> {});
    }

    /** @param steps told of every step once it is durable (after its events): evidence for the public index */
    public RolloutEngine(RolloutStore store, Consumer<RolloutEvent> events, Consumer<Step> steps) {
        this.store = store;
        this.events = events;
        this.steps = steps;
    }

    /**
     * Creates a staged rollout ({@code pending}, awaiting approval) from a plan and its cohorts; other strategies are
     * planned by {@link StrategyPlanner} and created with {@link #create(StrategyPlan, Instant, String)}.
     */
    public RolloutState create(RolloutPlan plan, StagePlan cohorts, Instant now, String actor)
            throws StoreException, RolloutStateException {
        if (plan.strategy() != Strategy.STAGED) {
            throw new RolloutStateException(plan.rolloutId() + ": strategy " + plan.strategy().spelling()
                    + " makes its own stages; plan it with StrategyPlanner");
        }
        return create(StrategyPlanner.staged(plan, cohorts, List.of()), now, actor);
    }

    /**
     * Creates the rollout ({@code pending}, awaiting approval) from a plan made runnable by its strategy. Tenants
     * without an assignment for the policy set are pinned to {@code from_version}; a tenant already on another version
     * is refused, and so is a stage that names only tenants the target bundle denies (it would run empty).
     */
    public RolloutState create(StrategyPlan strategy, Instant now, String actor) throws StoreException, RolloutStateException {
        RolloutPlan plan = strategy.plan();
        StagePlan cohorts = strategy.stages();
        for (PlannedStage empty : cohorts.emptyExplicitStages()) {
            List<String> why = cohorts.denied().stream().filter(d -> empty.stage().tenants().contains(d.tenant()))
                    .map(d -> d.tenant() + " " + d.code().name() + ": " + d.reason()).toList();
            throw new RolloutStateException(plan.rolloutId() + ": stage " + empty.name() + " would be empty, the "
                    + plan.toVersion() + " bundle admits none of its tenants (" + String.join("; ", why)
                    + "); name a tenant it admits");
        }
        Assignments current = store.assignments();
        Map<String, String> baseline = new LinkedHashMap<>();
        Set<String> pins = new TreeSet<>();
        for (String tenant : cohorts.allTenants()) {
            String v = current.version(tenant, plan.policySet());
            if (v == null) {
                pins.add(tenant);
                v = plan.fromVersion();
            } else if (!v.equals(plan.fromVersion())) {
                throw new RolloutStateException("tenant " + tenant + " runs " + plan.policySet() + " " + v
                        + ", not from_version " + plan.fromVersion() + "; fix assignments.yaml or the plan");
            }
            baseline.put(tenant, v);
        }
        return apply(RolloutMachine.create(plan.rolloutId(), plan.policySet(), plan.fromVersion(), plan.toVersion(),
                strategy.specs(), strategy.rollback(), plan.notifications(), baseline, pins, cohorts.denied(),
                strategy.state(), now, actor));
    }

    public RolloutState approve(String rolloutId, String who, String notes, Instant now)
            throws StoreException, RolloutStateException {
        return apply(RolloutMachine.approve(require(rolloutId), who, notes, now));
    }

    /**
     * Applies every step due at {@code now}. {@code observations} describe the stage that is monitoring when the
     * call starts; a stage that starts monitoring during the call is judged by a later call with its own
     * observations (so the call ends there). The rule depends only on the stored state, which keeps a resumed
     * process on exactly the path of an uninterrupted one.
     */
    public RolloutState advance(String rolloutId, Instant now, StageObservations observations)
            throws StoreException, RolloutStateException {
        RolloutState s = require(rolloutId);
        for (int i = 0; i < MAX_STEPS_PER_ADVANCE; i++) {
            var next = RolloutMachine.next(s, now, observations);
            if (next.isEmpty()) {
                return s;
            }
            s = apply(next.get());
            if (next.get().action().equals(RolloutMachine.ACTION_MONITOR)) {
                return s;
            }
        }
        throw new IllegalStateException(rolloutId + ": more than " + MAX_STEPS_PER_ADVANCE + " steps in one advance");
    }

    /** A person's decision to roll back (or, for a failed rollback, to retry the tenants it left behind). */
    public RolloutState rollback(String rolloutId, String actor, String reason, Instant now, Set<String> unreachable)
            throws StoreException, RolloutStateException {
        return apply(RolloutMachine.rollback(require(rolloutId), actor, reason, now, unreachable));
    }

    /** Remediation's pause (see {@link RolloutMachine#remediationPause}). */
    public RolloutState pause(String rolloutId, String reason, String actor, Instant now)
            throws StoreException, RolloutStateException {
        return apply(RolloutMachine.remediationPause(require(rolloutId), reason, actor, now));
    }

    /** Resumes the pause remediation made with {@code reason} (see {@link RolloutMachine#remediationResume}). */
    public RolloutState resume(String rolloutId, String reason, String actor, Instant now)
            throws StoreException, RolloutStateException {
        return apply(RolloutMachine.remediationResume(require(rolloutId), reason, actor, now));
    }

    /** Widens (positive) or narrows (negative) the monitoring stage's window. */
    public RolloutState moveMonitoringWindow(String rolloutId, Duration by, String actor, Instant now)
            throws StoreException, RolloutStateException {
        return apply(RolloutMachine.moveMonitoringWindow(require(rolloutId), by, actor, now));
    }

    public RolloutState require(String rolloutId) throws StoreException, RolloutStateException {
        return store.load(rolloutId).orElseThrow(() -> new RolloutStateException(
                "no rollout " + rolloutId + " in " + store.describe() + " (start it first)"));
    }

    private RolloutState apply(Step step) throws StoreException {
        store.apply(step);
        step.events().forEach(events);
        steps.accept(step);
        return step.state();
    }
}
