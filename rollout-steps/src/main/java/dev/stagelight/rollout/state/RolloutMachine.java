package dev.stagelight.rollout.state;

import dev.stagelight.rollout.events.RolloutEvent;
import dev.stagelight.rollout.input.Durations;
import dev.stagelight.rollout.plan.Notification;
import dev.stagelight.rollout.plan.RollbackPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rollout state machine, pure: given a state, the time and the stage's observations it returns the next
 * {@link Step} (or nothing when it must wait for time, an approval or a decision). It never sleeps and never
 * reads a clock; the caller passes {@code now} and applies each step through a store before asking for the next.
 *
 * <p>The flow's error table maps to the following rules.
 * <ul>
 * <li>Metrics unavailable: at or after the end of a stage's monitoring window (its {@code duration}) the last known
 * good observations are kept and monitoring is extended by one step ({@link #extension}: a quarter of the duration,
 * at least {@link #MIN_EXTENSION}), at most {@link #MAX_EXTENSIONS} times. Observations that arrive during an
 * extension decide the stage as they would have at the window's end.
 * <li>Stage timeout: every monitoring stage has a deadline, its window's end plus a bounded grace of
 * {@link #MAX_EXTENSIONS} steps (where the last extension ends). A stage still undecided at its deadline pauses the
 * rollout and alerts "stage timeout"; a person approves (fresh window) or rolls back. Metrics unavailable is the
 * only way to reach it: with observations, the window's end always decides.
 * <li>Both depend on the time alone: one call catches up on every extension due by {@code now} (the engine applies
 * steps until none is due), so advancing once at the deadline or every hour until then ends in the same state.
 * <li>Gates (observations carrying a {@link GateResult}): failed rolls back at once (or pauses when automatic
 * rollback is off); inconclusive at the window's end pauses for a person; an error arrives as metrics unavailable.
 * <li>Tenant unreachable: skip it, continue, report it. The next stage's cohort holds it, so that stage tries it
 * again; after the last stage nothing does, and {@code rollout.completed} lists it as {@code tenants_skipped}, still
 * on the old version.
 * <li>Rollback failure: {@code failed}, the tenants left on the new version listed for manual intervention.
 * </ul>
 */
public final class RolloutMachine {
    /** How often monitoring is extended for lack of metrics; the stage times out where the last extension ends. */
    public static final int MAX_EXTENSIONS = 3;
    /** Each extension lasts a quarter of the stage's duration, at least this long. */
    public static final Duration MIN_EXTENSION = Duration.ofHours(1);
    /** The action of the step that opens a stage's monitoring window. */
    public static final String ACTION_MONITOR = "monitor";

    private RolloutMachine() {}

    /**
     * The first step of every rollout: {@code pending}, awaiting approval for stage 1.
     *
     * @param baseline every tenant of the rollout and the version it runs now (what a rollback restores)
     * @param pins     tenants that had no assignment for the policy set yet and are pinned to {@code from} now
     */
    public static Step create(String rolloutId, String policySet, String from, String to, List<StageSpec> stages,
                              RollbackPolicy rollback, List<Notification> notifications, Map<String, String> baseline,
                              Set<String> pins, List<Denial> denied, Instant now, String actor) {
        return create(rolloutId, policySet, from, to, stages, rollback, notifications, baseline, pins, denied, null, now,
                actor);
    }

    /** As above, for a strategy that publishes more than the assignments ({@code strategy} null: staged). */
    public static Step create(String rolloutId, String policySet, String from, String to, List<StageSpec> stages,
                              RollbackPolicy rollback, List<Notification> notifications, Map<String, String> baseline,
                              Set<String> pins, List<Denial> denied, StrategyState strategy, Instant now, String actor) {
        List<StageState> st = stages.stream().map(StageState::pending).toList();
        RolloutState s = new RolloutState(rolloutId, policySet, from, to, RolloutStatus.PENDING, 1, now, now, -1, true,
                null, st, rollback, notifications, baseline, List.of(), denied, null, strategy);
        List<AssignmentChange> changes = pins.stream().sorted().map(t -> new AssignmentChange(t, policySet, from)).toList();
        List<Object> stageSummary = new ArrayList<>();
        for (StageSpec spec : stages) {
            stageSummary.add(fields("name", spec.name(), "tenants", spec.cohort().size()));
        }
        Map<String, Object> f = fields("policy_set", policySet, "from_version", from, "to_version", to,
                "stages", stageSummary, "tenants", baseline.size());
        if (strategy != null) {
            f.put("strategy", strategy.strategy());
        }
        if (!denied.isEmpty()) {
            f.put("denied", denied.stream().map(d -> fields("tenant", d.tenant(), "code", d.code().name(),
                    "reason", d.reason())).toList());
        }
        return new Step(s, changes, List.of(RolloutEvent.info(now, "rollout.created", rolloutId, f)), "create", null, actor);
    }

    /** The next step at {@code now} given the current stage's observations, or empty when there is nothing to do yet. */
    public static Optional<Step> next(RolloutState s, Instant now, StageObservations obs) {
        if (s.status() != RolloutStatus.PENDING && s.status() != RolloutStatus.IN_PROGRESS || s.awaitingApproval()) {
            return Optional.empty();
        }
        if (s.status() == RolloutStatus.PENDING) {
            RolloutState.Mut m = s.mut();
            m.status = RolloutStatus.IN_PROGRESS;
            m.currentStage = 0;
            return Optional.of(step(s, m.build(now), List.of(), List.of(), "begin", s.stages().get(0).name(), "engine"));
        }
        StageState st = s.stage();
        switch (st.status()) {
            case PENDING:
                return Optional.of(activate(s, st, now, obs));
            case ACTIVE: {
                RolloutState.Mut m = s.mut();
                m.stages.set(s.currentStage(), st.monitoring(now.plus(st.spec().duration()), 0));
                return Optional.of(step(s, m.build(now), List.of(), List.of(), ACTION_MONITOR, st.name(), "engine"));
            }
            case MONITORING:
                return monitor(s, st, now, obs);
            default:
                return Optional.empty();
        }
    }

    /** Records an approval: lets stage 1 (or the next stage after one without auto_proceed) start, or resumes a pause. */
    public static Step approve(RolloutState s, String who, String notes, Instant now) throws RolloutStateException {
        RolloutState.Mut m = s.mut();
        List<RolloutEvent> events = new ArrayList<>();
        String stageName;
        if (s.status() == RolloutStatus.PAUSED) {
            StageState st = s.stage();
            stageName = st.name();
            m.status = RolloutStatus.IN_PROGRESS;
            m.pauseReason = null;
            m.stages.set(s.currentStage(), st.monitoring(now.plus(st.spec().duration()), 0));
            events.add(RolloutEvent.info(now, "rollout.resumed", s.rolloutId(), fields("stage", stageName,
                    "paused_for", s.pauseReason(), "monitor_until", m.stages.get(s.currentStage()).monitorUntil().toString())));
        } else if (s.awaitingApproval() && !s.status().terminal()) {
            stageName = s.stages().get(Math.max(0, s.currentStage())).name();
            m.awaitingApproval = false;
        } else {
            throw new RolloutStateException(s.rolloutId() + " is " + s.status().wire()
                    + " and not waiting for an approval; nothing to approve");
        }
        m.approvals.add(new Approval(who, now, notes, stageName));
        events.add(0, RolloutEvent.info(now, "rollout.approved", s.rolloutId(),
                notify(s, fields("approved_by", who, "approval_notes", notes, "stage", stageName))));
        return step(s, m.build(now), List.of(), events, "approve", stageName, who);
    }

    /**
     * Rolls every tenant of the rollout back to the version it ran before ({@code baseline}); for a {@code failed}
     * rollout, retries the tenants an earlier rollback could not restore. Unreachable tenants stay on the new version,
     * are listed in the report, and make the rollout {@code failed}. A {@code pending} rollout (never approved, or
     * approved but no stage started) is cancelled the same way: nothing was applied, so no assignment changes, and
     * the end state {@code rolled_back} releases its tenants' leases (else they would stay locked for good).
     */
    public static Step rollback(RolloutState s, String actor, String reason, Instant now, Set<String> unreachable)
            throws RolloutStateException {
        List<String> targets;
        boolean cancel = s.status() == RolloutStatus.PENDING;
        if (cancel || s.status() == RolloutStatus.IN_PROGRESS || s.status() == RolloutStatus.PAUSED) {
            targets = s.activatedTenants();
        } else if (s.status() == RolloutStatus.FAILED && s.rollbackReport() != null
                && !s.rollbackReport().unrestored().isEmpty()) {
            targets = s.rollbackReport().unrestored();
        } else {
            throw new RolloutStateException(s.rolloutId() + " is " + s.status().wire() + "; there is nothing to roll back");
        }
        List<String> restored = new ArrayList<>();
        List<String> unrestored = new ArrayList<>();
        List<AssignmentChange> changes = new ArrayList<>();
        for (String t : targets) {
            if (unreachable.contains(t)) {
                unrestored.add(t);
            } else {
                restored.add(t);
                changes.add(new AssignmentChange(t, s.policySet(), s.baseline().get(t)));
            }
        }
        RolloutState.Mut m = s.mut();
        StageState st = s.stage();
        String stageName = st == null ? null : st.name();
        if (st != null && (st.status() == StageStatus.ACTIVE || st.status() == StageStatus.MONITORING)) {
            m.stages.set(s.currentStage(), st.finished(StageStatus.FAILED, now));
        }
        m.status = unrestored.isEmpty() ? RolloutStatus.ROLLED_BACK : RolloutStatus.FAILED;
        m.pauseReason = null;
        m.awaitingApproval = false;
        if (s.status() == RolloutStatus.FAILED) {
            RollbackReport first = s.rollbackReport();
            List<String> all = new ArrayList<>(first.tenantsRolledBack());
            all.addAll(restored);
            m.rollbackReport = new RollbackReport(first.triggeredAt(), first.reason(), first.rollbackStage(), actor, all, unrestored);
            stageName = first.rollbackStage();
        } else {
            m.rollbackReport = new RollbackReport(now, reason, stageName, actor, restored, unrestored);
        }
        List<RolloutEvent> events = new ArrayList<>();
        String action = cancel ? "cancelled before any stage started; nothing was applied"
                : "reverted to " + s.fromVersion();
        events.add(RolloutEvent.warn(now, "rollout.rollback", s.rolloutId(), notify(s, fields("reason", reason,
                "tenants", restored, "rollback_stage", stageName, "tenants_rolled_back", restored.size(),
                "action", action, "actor", actor))));
        if (!unrestored.isEmpty()) {
            events.add(RolloutEvent.error(now, "rollout.failed", s.rolloutId(), fields("reason",
                    "rollback failed for " + unrestored.size() + " unreachable tenant(s); manual intervention required",
                    "tenants", unrestored, "version", s.toVersion())));
        }
        return step(s, m.build(now), changes, events, cancel ? "cancel" : "rollback", stageName, actor);
    }

    private static Step activate(RolloutState s, StageState st, Instant now, StageObservations obs) {
        Set<String> already = new HashSet<>(s.activatedTenants());
        List<String> apply = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String t : st.spec().cohort()) {
            if (!already.contains(t)) {
                (obs.unreachableTenants().contains(t) ? skipped : apply).add(t);
            }
        }
        RolloutState.Mut m = s.mut();
        m.stages.set(s.currentStage(), st.started(now, apply, skipped));
        List<AssignmentChange> changes = apply.stream()
                .map(t -> new AssignmentChange(t, s.policySet(), s.toVersion())).toList();
        List<RolloutEvent> events = new ArrayList<>();
        Map<String, Object> started = fields("stage", st.name(), "tenants", apply, "version", s.toVersion());
        Double traffic = s.strategy() == null ? null : s.strategy().traffic(s.currentStage());
        if (traffic != null) { // canary_traffic publishes the share; the tenants' hash buckets below it are the cohort
            started.put("traffic_percentage", traffic);
        }
        events.add(RolloutEvent.info(now, "rollout.stage.started", s.rolloutId(), started));
        if (!skipped.isEmpty()) {
            boolean last = s.currentStage() == s.stages().size() - 1;
            events.add(RolloutEvent.warn(now, "rollout.tenant.skipped", s.rolloutId(), fields("stage", st.name(),
                    "tenants", skipped, "reason", "unreachable; left on " + s.fromVersion() + (last
                            ? "; this is the last stage, nothing retries it: reported as skipped when the rollout completes"
                            : "; the next stage tries it again"))));
        }
        return step(s, m.build(now), changes, events, "activate", st.name(), "engine");
    }

    private static Optional<Step> monitor(RolloutState s, StageState st, Instant now, StageObservations obs) {
        if (!obs.available()) {
            return monitorWithoutMetrics(s, st, now, obs.gate());
        }
        StageObservations seen = obs.withoutUnreachable();
        String breach = RollbackTriggers.breach(s.rollback(), obs);
        if (breach != null) {
            return Optional.of(s.rollback().automatic()
                    ? rollback(s, st, seen, "engine", breach, now, obs.unreachableTenants())
                    : pause(s, st, seen, now, "rollback trigger " + breach + "; automatic rollback is off, awaiting a decision"));
        }
        if (st.spec().criteria().lacksBoundedMetric(obs)) {
            return monitorWithoutMetrics(s, st, now, obs.gate()); // a strategy's bounded metric (error_rate, ...) missing: unavailable
        }
        GateResult gate = obs.gate();
        if (gate != null && gate.failed()) { // a failed gate acts at once, as a breached trigger does
            String reason = "gate failed: " + gate.rule();
            return Optional.of(s.rollback().automatic()
                    ? rollback(s, st, seen, "engine", reason, now, obs.unreachableTenants())
                    : pause(s, st, seen, now, reason + "; automatic rollback is off, awaiting a decision"));
        }
        if (now.isBefore(windowEnd(st))) { // during an extension the window is over: observations decide at once
            if (seen.equals(st.lastKnownGood())) {
                return Optional.empty();
            }
            RolloutState.Mut m = s.mut();
            m.stages.set(s.currentStage(), st.observed(seen));
            return Optional.of(step(s, m.build(now), List.of(), List.of(), "observe", st.name(), "engine"));
        }
        if (gate != null && !gate.passed()) { // inconclusive at the window's end: a person decides
            return Optional.of(pause(s, st, seen, now, "gate inconclusive: " + gate.rule()
                    + "; approve for a fresh window or roll back"));
        }
        String violation = st.spec().criteria().violation(obs);
        if (violation != null) {
            String reason = "success criteria not met: " + violation;
            return Optional.of(s.rollback().automatic()
                    ? rollback(s, st, seen, "engine", reason, now, obs.unreachableTenants())
                    : pause(s, st, seen, now, reason + "; automatic rollback is off, awaiting a decision"));
        }
        return Optional.of(complete(s, st.observed(seen), now));
    }

    private static Step rollback(RolloutState s, StageState st, StageObservations seen, String actor, String reason,
                                 Instant now, Set<String> unreachable) {
        RolloutState withMetrics = s.withStage(s.currentStage(), st.observed(seen));
        try {
            return rollback(withMetrics, actor, reason, now, unreachable);
        } catch (RolloutStateException e) {
            throw new IllegalStateException("in_progress rollout refused rollback", e);
        }
    }

    /**
     * Without metrics: wait until the window (or the current extension) ends, then extend by one step; once every
     * extension is spent, {@code monitorUntil} is the deadline and the stage has timed out. One step per call, so a
     * late call walks through the same extensions an hourly caller would have made before the timeout.
     */
    private static Optional<Step> monitorWithoutMetrics(RolloutState s, StageState st, Instant now, GateResult gate) {
        if (now.isBefore(st.monitorUntil())) {
            return Optional.empty();
        }
        Duration ext = extension(st.spec());
        if (st.extensions() >= MAX_EXTENSIONS) {
            return Optional.of(pause(s, st, null, now, "stage timeout: stage " + st.name() + " undecided at its deadline "
                    + st.monitorUntil() + " (" + Durations.format(st.spec().duration()) + " window + " + MAX_EXTENSIONS
                    + " extensions of " + Durations.format(ext) + "); metrics unavailable, last known good kept"));
        }
        StageState extended = st.monitoring(st.monitorUntil().plus(ext), st.extensions() + 1);
        RolloutState.Mut m = s.mut();
        m.stages.set(s.currentStage(), extended);
        Map<String, Object> f = fields("stage", st.name(), "reason", "metrics unavailable", "extension",
                extended.extensions(), "max_extensions", MAX_EXTENSIONS, "monitor_until", extended.monitorUntil().toString(),
                "deadline", deadline(extended).toString());
        f.put("last_known_good", st.lastKnownGood() == null ? null : metrics(st.lastKnownGood()));
        if (gate != null) {
            f.put("gate", gate.describe());
        }
        return Optional.of(step(s, m.build(now), List.of(),
                List.of(RolloutEvent.warn(now, "rollout.monitoring.extended", s.rolloutId(), f)), "extend", st.name(), "engine"));
    }

    private static Step pause(RolloutState s, StageState st, StageObservations seen, Instant now, String reason) {
        RolloutState.Mut m = s.mut();
        if (seen != null) {
            m.stages.set(s.currentStage(), st.observed(seen));
        }
        m.status = RolloutStatus.PAUSED;
        m.pauseReason = reason;
        return step(s, m.build(now), List.of(), List.of(RolloutEvent.warn(now, "rollout.paused", s.rolloutId(),
                notify(s, fields("stage", st.name(), "reason", reason, "alert", true)))), "pause", st.name(), "engine");
    }

    private static Step complete(RolloutState s, StageState st, Instant now) {
        RolloutState.Mut m = s.mut();
        m.stages.set(s.currentStage(), st.finished(StageStatus.COMPLETED, now));
        List<RolloutEvent> events = new ArrayList<>();
        events.add(RolloutEvent.info(now, "rollout.stage.completed", s.rolloutId(), fields("stage", st.name(),
                "metrics", metrics(st.lastKnownGood()), "success_criteria_met", true)));
        if (s.currentStage() == s.stages().size() - 1) {
            m.status = RolloutStatus.COMPLETED;
            Instant start = s.stages().get(0).startedAt();
            Duration total = Duration.between(start, now);
            events.add(RolloutEvent.info(now, "rollout.completed", s.rolloutId(), notify(s, fields("duration",
                    Durations.format(total), "tenants_on_" + s.toVersion(), s.activatedTenants().size(),
                    "completed_stages", s.stages().stream().map(StageState::name).toList(),
                    "tenants_skipped", s.skippedTenants()))));
        } else {
            m.currentStage = s.currentStage() + 1;
            m.awaitingApproval = !st.spec().autoProceed();
        }
        return step(s, m.build(now), List.of(), events, "complete", st.name(), "engine");
    }

    /**
     * Remediation pauses a rollout whose stage is monitoring ({@code rollout.paused}, the plan's notification targets
     * named). The reason is kept, so a later {@link #remediationResume} resumes only the pause remediation made.
     */
    public static Step remediationPause(RolloutState s, String reason, String actor, Instant now)
            throws RolloutStateException {
        StageState st = s.stage();
        if (s.status() != RolloutStatus.IN_PROGRESS || st == null || st.status() != StageStatus.MONITORING) {
            throw new RolloutStateException(s.rolloutId() + " is " + s.status().wire()
                    + (st == null ? "" : ", stage " + st.name() + " " + st.status().wire())
                    + "; only a rollout whose stage is monitoring can be paused");
        }
        RolloutState.Mut m = s.mut();
        m.status = RolloutStatus.PAUSED;
        m.pauseReason = reason;
        return step(s, m.build(now), List.of(), List.of(RolloutEvent.warn(now, "rollout.paused", s.rolloutId(),
                notify(s, fields("stage", st.name(), "reason", reason, "alert", true, "by", actor)))), "pause", st.name(),
                actor);
    }

    /**
     * Resumes a rollout paused with {@code reason}: its stage monitors again for a whole window, as after an approval
     * (the stage must look healthy for its full duration after the incident). Refused when the pause is another's.
     */
    public static Step remediationResume(RolloutState s, String reason, String actor, Instant now)
            throws RolloutStateException {
        if (s.status() != RolloutStatus.PAUSED || !reason.equals(s.pauseReason())) {
            throw new RolloutStateException(s.rolloutId() + " is " + s.status().wire()
                    + (s.pauseReason() == null ? "" : " (paused for: " + s.pauseReason() + ")")
                    + "; not the pause remediation made, so it is left to a person");
        }
        StageState st = s.stage();
        RolloutState.Mut m = s.mut();
        m.status = RolloutStatus.IN_PROGRESS;
        m.pauseReason = null;
        m.stages.set(s.currentStage(), st.monitoring(now.plus(st.spec().duration()), st.extensions()));
        return step(s, m.build(now), List.of(), List.of(RolloutEvent.info(now, "rollout.resumed", s.rolloutId(),
                fields("stage", st.name(), "paused_for", reason, "by", actor, "monitor_until",
                        m.stages.get(s.currentStage()).monitorUntil().toString()))), "resume", st.name(), actor);
    }

    /**
     * Moves the end of the monitoring stage's window by {@code by} (positive widens the canary window, negative
     * narrows it back, never to before {@code now}). Refused unless the current stage is monitoring.
     */
    public static Step moveMonitoringWindow(RolloutState s, Duration by, String actor, Instant now)
            throws RolloutStateException {
        StageState st = s.stage();
        if (st == null || st.status() != StageStatus.MONITORING || s.status().terminal()) {
            throw new RolloutStateException(s.rolloutId() + " has no monitoring stage (status " + s.status().wire()
                    + "); the canary window cannot move");
        }
        Instant until = st.monitorUntil().plus(by);
        if (until.isBefore(now)) {
            until = now;
        }
        RolloutState.Mut m = s.mut();
        m.stages.set(s.currentStage(), st.monitoring(until, st.extensions()));
        String event = by.isNegative() ? "rollout.monitoring.narrowed" : "rollout.monitoring.widened";
        return step(s, m.build(now), List.of(), List.of(RolloutEvent.info(now, event, s.rolloutId(),
                fields("stage", st.name(), "by", actor, "change", Durations.format(by.abs()), "monitor_until",
                        until.toString()))), by.isNegative() ? "narrow-window" : "widen-window", st.name(), actor);
    }

    /** One extension of monitoring for lack of metrics: a quarter of the stage's duration, at least an hour. */
    public static Duration extension(StageSpec spec) {
        Duration quarter = spec.duration().dividedBy(4);
        return quarter.compareTo(MIN_EXTENSION) < 0 ? MIN_EXTENSION : quarter;
    }

    /** The end of a monitoring stage's window, before any extension. */
    static Instant windowEnd(StageState st) {
        return st.monitorUntil().minus(extension(st.spec()).multipliedBy(st.extensions()));
    }

    /** When a monitoring stage times out: its window's end plus {@link #MAX_EXTENSIONS} extensions. */
    public static Instant deadline(StageState st) {
        return windowEnd(st).plus(extension(st.spec()).multipliedBy(MAX_EXTENSIONS));
    }

    /** The flow's stage metrics block. */
    public static Map<String, Object> metrics(StageObservations o) {
        if (o == null) {
            return null;
        }
        Map<String, Object> m = fields("scans_evaluated", o.scansEvaluated(), "new_failures", o.newFailures(),
                "failure_rate_before", o.failureRateBefore(), "failure_rate_after", o.failureRateAfter(),
                "new_critical_blocks", o.newCriticalBlocks());
        m.putAll(o.metrics());
        if (o.gate() != null) {
            m.put("gate", o.gate().describe());
        }
        return m;
    }

    private static Step step(RolloutState before, RolloutState after, List<AssignmentChange> changes,
                             List<RolloutEvent> events, String action, String stage, String actor) {
        TransitionTable.check(before, after);
        return new Step(after, changes, events, action, stage, actor);
    }

    /**
     * Adds the plan's notification targets to an event people must hear about. The engine sends nothing itself;
     * a notifier (the flow's Notify service) follows the event log and delivers to these targets.
     */
    private static Map<String, Object> notify(RolloutState s, Map<String, Object> f) {
        if (!s.notifications().isEmpty()) {
            f.put("notify", s.notifications().stream().map(n -> fields("channel", n.channel(), "target", n.target())).toList());
        }
        return f;
    }

    /** An ordered map from alternating keys and values (values may be null). */
    static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
