package dev.stagelight.rollout.pipeline;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.rollout.cli.EngineCommands;
import dev.stagelight.rollout.cli.StatusView;
import dev.stagelight.rollout.engine.RolloutEngine;
import dev.stagelight.rollout.engine.StageGates;
import dev.stagelight.rollout.events.RolloutEvent;
import dev.stagelight.rollout.evidence.EvidenceIndex;
import dev.stagelight.rollout.evidence.EvidenceRecorder;
import dev.stagelight.rollout.gate.set.GateOutcome;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.RolloutStateException;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.state.StageState;
import dev.stagelight.rollout.state.StageStatus;
import dev.stagelight.rollout.store.RolloutStore;
import dev.stagelight.rollout.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A rollout driven by a CI pipeline (the Jenkins {@code policyRollout} step) in short ticks: each tick creates the
 * rollout if the store has none of that id, applies every step due, and says what to wait for next. Nothing is
 * kept between ticks but the store, so a pipeline that resumes after a restart continues exactly where the store
 * stands; the caller only has to schedule the next tick at {@link Tick#wakeAt()}.
 */
public final class PipelineRollout {
    /** What the pipeline waits for after a tick. */
    public enum Wait {
        /** A person must approve (the next stage, or resuming a paused rollout) or abort. */
        APPROVAL,
        /** The clock: the next tick judges the monitoring stage again. */
        TIME,
        /** Completed, rolled back or failed. */
        DONE
    }

    /**
     * @param created    true when this tick created the rollout in the store
     * @param statusJson the rollout's status JSON, as {@code rollout status --json} prints it
     * @param summary    one line for people (what it waits for)
     * @param next       what to wait for next
     * @param waitingFor why it waits, for people (null when done or waiting for the clock)
     * @param gate       the gate verdict this tick judged the monitoring stage by (null: none evaluated)
     * @param gateStage  the stage {@code gate} judged (null with it)
     * @param evidence   what this tick appended to the evidence index, for the log (null: nothing)
     */
    public record Tick(RolloutState state, boolean created, String statusJson, String summary, Wait next,
                       Instant wakeAt, String waitingFor, GateOutcome gate, String gateStage, String evidence) {
        public boolean rolledBack() {
            return state.status() == RolloutStatus.ROLLED_BACK || state.status() == RolloutStatus.FAILED;
        }
    }

    /** The decisions of a tick are stored, but appending their evidence to the index failed. */
    public static final class EvidenceNotAppended extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EvidenceNotAppended(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final RolloutStore store;
    private final RolloutEngine engine;
    private final Duration poll;
    private final StageGates gates;
    private final EvidenceIndex evidence;
    private final EvidenceRecorder recorder = new EvidenceRecorder();

    /** @param poll the longest wait between two ticks of a monitoring stage (rollback triggers are checked each tick) */
    public PipelineRollout(RolloutStore store, Consumer<RolloutEvent> events, Duration poll) {
        this(store, events, poll, null, null);
    }

    /**
     * @param gates    judges monitoring stages that name gates (null: observations only, as without {@code --gates})
     * @param evidence where each tick's decisions are appended as signed evidence (null: nowhere)
     */
    public PipelineRollout(RolloutStore store, Consumer<RolloutEvent> events, Duration poll, StageGates gates,
                           EvidenceIndex evidence) {
        if (poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException("poll interval " + poll + ": expected a positive duration");
        }
        this.store = store;
        this.engine = new RolloutEngine(store, events, evidence == null ? step -> { } : recorder);
        this.poll = poll;
        this.gates = gates;
        this.evidence = evidence;
    }

    /** Creates the planned rollout unless the store holds it already (a resumed pipeline), then advances it. */
    public Tick tick(PlanFiles.Planned planned, StageObservations observations, Instant now, String actor)
            throws StoreException, RolloutStateException {
        String id = planned.plan().rolloutId();
        var stored = store.load(id);
        boolean created = stored.isEmpty();
        if (created) {
            engine.create(planned.strategy(), now, actor);
        } else if (!stored.get().policySet().equals(planned.plan().policySet())
                || !stored.get().toVersion().equals(planned.plan().toVersion())) {
            throw new RolloutStateException("the store holds " + id + " for " + stored.get().policySet() + " "
                    + stored.get().toVersion() + ", not this plan's " + planned.plan().policySet() + " "
                    + planned.plan().toVersion() + "; give the new rollout its own rollout_id");
        }
        return published(() -> advance(id, now, observations, created));
    }

    /** A person approved (recorded as approved_by with their notes); applies what that lets start. */
    public Tick approve(String rolloutId, String who, String notes, StageObservations observations, Instant now)
            throws StoreException, RolloutStateException {
        return published(() -> {
            engine.approve(rolloutId, who, notes, now);
            return advance(rolloutId, now, observations, false);
        });
    }

    /** A person aborted: rolls back what was applied (a pending rollout is cancelled). */
    public Tick abort(String rolloutId, String who, String reason, Instant now)
            throws StoreException, RolloutStateException {
        return published(() -> view(engine.rollback(rolloutId, who, reason, now, Set.of()), false, now, null, null));
    }

    private interface Body {
        Tick run() throws StoreException, RolloutStateException;
    }

    /**
     * Runs the body, then appends what it decided to the evidence index: also when it failed halfway, since what it
     * stored is decided (evidence follows the store, never precedes it).
     */
    private Tick published(Body body) throws StoreException, RolloutStateException {
        Tick t = null;
        try {
            t = body.run();
        } finally {
            String line = publish();
            if (t != null && line != null) {
                t = new Tick(t.state(), t.created(), t.statusJson(), t.summary(), t.next(), t.wakeAt(), t.waitingFor(),
                        t.gate(), t.gateStage(), line);
            }
        }
        return t;
    }

    private String publish() {
        if (evidence == null || recorder.size() == 0) {
            return null;
        }
        int n = recorder.size();
        try {
            Appender.Result r = recorder.publish(evidence);
            return "evidence: appended " + n + " rollout-evidence entries (seq " + r.firstSeq() + ".."
                    + (r.checkpoint().size() - 1) + ")";
        } catch (Exception e) {
            throw new EvidenceNotAppended("evidence not appended: " + e.getMessage() + " (the " + n
                    + " decisions are kept in the rollout store)", e);
        }
    }

    /** Judges the monitoring stage by its gates when it names them and gates are configured, then advances. */
    private Tick advance(String id, Instant now, StageObservations observations, boolean created)
            throws StoreException, RolloutStateException {
        StageObservations obs = observations;
        GateOutcome gate = null;
        String gateStage = null;
        if (gates != null) {
            RolloutState current = engine.require(id);
            Optional<StageGates.Observed> seen = gates.observe(current, now, observations);
            if (seen.isPresent()) {
                gate = seen.get().outcome();
                gateStage = current.stage().name();
                obs = seen.get().observations();
                if (evidence != null) {
                    // Published before the transition it leads to, as it was decided first.
                    recorder.gateVerdict(gate, id, id, gateStage, now);
                }
            }
        }
        return view(engine.advance(id, now, obs), created, now, gate, gateStage);
    }

    private Tick view(RolloutState s, boolean created, Instant now, GateOutcome gate, String gateStage)
            throws StoreException {
        String json;
        try {
            json = StatusView.json(s, store.assignments());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String summary = EngineCommands.summary(s);
        if (s.status().terminal()) {
            return new Tick(s, created, json, summary, Wait.DONE, now, null, gate, gateStage, null);
        }
        if (s.status() == RolloutStatus.PAUSED) {
            return new Tick(s, created, json, summary, Wait.APPROVAL, now, "paused: " + s.pauseReason()
                    + "; approve to resume monitoring with a fresh window, or abort to roll back", gate, gateStage, null);
        }
        if (s.awaitingApproval()) {
            StageState next = s.stages().get(Math.max(0, s.currentStage()));
            return new Tick(s, created, json, summary, Wait.APPROVAL, now, "approval to start stage " + next.name()
                    + " (" + next.spec().cohort().size() + " tenants)", gate, gateStage, null);
        }
        Instant wake = now.plus(poll);
        StageState st = s.stage();
        if (st != null && st.status() == StageStatus.MONITORING && st.monitorUntil() != null
                && st.monitorUntil().isBefore(wake)) {
            wake = st.monitorUntil().isBefore(now) ? now : st.monitorUntil();
        }
        return new Tick(s, created, json, summary, Wait.TIME, wake, null, gate, gateStage, null);
    }
}
