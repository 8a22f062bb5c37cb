package dev.stagelight.jenkins;

import dev.stagelight.rollout.cli.ObservationsFile;
import dev.stagelight.rollout.cohort.StagePlanTable;
import dev.stagelight.rollout.input.InputWarning;
import dev.stagelight.rollout.input.Loaded;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.pipeline.PipelineRollout;
import dev.stagelight.rollout.pipeline.PlanFiles;
import dev.stagelight.rollout.state.Approval;
import dev.stagelight.rollout.state.RolloutStateException;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.state.StageState;
import dev.stagelight.rollout.engine.StageGates;
import dev.stagelight.rollout.evidence.EvidenceIndex;
import dev.stagelight.rollout.pipeline.PipelineGates;
import dev.stagelight.rollout.store.RolloutStore;
import dev.stagelight.verifier.keys.KeyException;
import hudson.AbortException;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Set;
import jenkins.MasterToSlaveFileCallable;

/**
 * One tick of {@code policyRollout} on the agent holding the workspace: load the plan, open the store, apply a
 * person's decision if there is one, advance, and report what to wait for. Everything a later tick needs is in the
 * store, which is why a restarted controller only has to run the next tick.
 */
final class RolloutTick extends MasterToSlaveFileCallable<RolloutTick.Result> {
    private static final long serialVersionUID = 1L;
    /** {@code {{interval}}} outside analysis metrics, as {@code rollout advance --interval} defaults it. */
    static final Duration GATE_INTERVAL = Duration.ofMinutes(5);

    /** The step's parameters, as the execution keeps them across restarts. */
    static final class Settings implements Serializable {
        private static final long serialVersionUID = 1L;
        String plan;
        String tenants;
        String policies;
        StoreSettings store;
        String observations;
        /** The gate set file the plan's stages name (null: stages are judged by the observations only). */
        String gates;
        String prometheus;
        /** An index folder every decision is appended to as signed rollout evidence (null: none). */
        String evidenceIndex;
        boolean lenient;
        long pollSeconds;
        String approvedBy;
        String approvalNote;
    }

    /** A person's decision from the build page: approve (with notes) or abort (roll back). */
    static final class Decision implements Serializable {
        private static final long serialVersionUID = 1L;
        final boolean approve;
        final String who;
        final String note;

        Decision(boolean approve, String who, String note) {
            this.approve = approve;
            this.who = who;
            this.note = note == null ? "" : note;
        }
    }

    /**
     * The secrets of one tick, looked up on the controller for that tick only (never kept in the execution, so
     * never in the build's saved program): the evidence keys are written to a private temporary folder on the agent
     * for the publisher to read and deleted after the tick; the store remote's credentials stay in memory.
     */
    static final class Secrets implements Serializable {
        private static final long serialVersionUID = 1L;
        String tmp;
        byte[] evidenceKey;
        byte[] evidenceLogKey;
        StepCredentials.UserPassword store;

        void clear() {
            for (byte[] b : new byte[][] {evidenceKey, evidenceLogKey}) {
                if (b != null) {
                    Arrays.fill(b, (byte) 0);
                }
            }
            if (store != null) {
                store.clear();
            }
        }
    }

    static final class Result implements Serializable {
        private static final long serialVersionUID = 1L;
        String rolloutId;
        String stageTable;
        String statusJson;
        String summary;
        String next;
        long wakeAtMillis;
        String waitingFor;
        boolean rolledBack;
        String outcome;
        String decisionRefused;
        ArrayList<String> events = new ArrayList<>();
        ArrayList<String> warnings = new ArrayList<>();
        ArrayList<String> approvals = new ArrayList<>();
        LinkedHashMap<String, ArrayList<String>> stageTenants = new LinkedHashMap<>();
        /** The gate verdict of this tick (null: none evaluated): stage, status, and its evidence with values. */
        String gateStage;
        String gateStatus;
        String gateExplanation;
        String evidence;
    }

    private final Settings settings;
    private final String rolloutId;
    private final Decision decision;
    private final String actor;
    private final Secrets secrets;

    RolloutTick(Settings settings, String rolloutId, Decision decision, String actor, Secrets secrets) {
        this.settings = settings;
        this.rolloutId = rolloutId;
        this.decision = decision;
        this.actor = actor;
        this.secrets = secrets;
    }

    @Override
    public Result invoke(File ws, VirtualChannel channel) throws IOException {
        try {
            return tick(ws);
        } finally {
            secrets.clear();
        }
    }

    private Result tick(File ws) throws IOException {
        return Failures.abortOnRefusal("policyRollout", () -> {
            Strictness strictness = settings.lenient ? Strictness.LENIENT : Strictness.STRICT;
            Result r = new Result();
            PlanFiles files = new PlanFiles(Workspaces.require(ws, settings.plan, "policyRollout", "plan"),
                    Workspaces.require(ws, settings.tenants, "policyRollout", "tenants"),
                    Workspaces.resolve(ws, settings.policies), strictness);
            PlanFiles.Planned planned = files.load();
            planned.warnings().forEach(w -> r.warnings.add(w.toString()));
            StageObservations obs = StageObservations.unavailable(Set.of());
            Path observations = Workspaces.resolve(ws, settings.observations);
            if (observations != null) {
                Loaded<StageObservations> loaded = ObservationsFile.read(observations, strictness);
                for (InputWarning w : loaded.warnings()) {
                    r.warnings.add(w.toString());
                }
                obs = loaded.value();
            }
            StageGates gates = settings.gates == null ? null : PipelineGates.load(
                    Workspaces.require(ws, settings.gates, "policyRollout", "gates"),
                    PipelineGates.prometheus(settings.prometheus, "prometheus"), planned.tenants(), GATE_INTERVAL,
                    strictness);
            EvidenceIndex evidence = evidence(ws);
            try (RolloutStore store = settings.store.open(ws, "policyRollout", secrets.store)) {
                PipelineRollout rollout = new PipelineRollout(store, e -> r.events.add(e.toJsonLine()),
                        Duration.ofSeconds(settings.pollSeconds), gates, evidence);
                Instant now = Instant.now();
                PipelineRollout.Tick t = null;
                if (decision != null && rolloutId != null) {
                    try {
                        t = decision.approve ? rollout.approve(rolloutId, decision.who, decision.note, obs, now)
                                : rollout.abort(rolloutId, decision.who, decision.note, now);
                    } catch (RolloutStateException refused) {
                        r.decisionRefused = refused.getMessage();
                    }
                }
                if (t == null) {
                    t = rollout.tick(planned, obs, now, actor);
                }
                // Stage 1 approved before the step ran (an input step's submitter): once, before anything started.
                if (settings.approvedBy != null && t.next() == PipelineRollout.Wait.APPROVAL
                        && t.state().approvals().isEmpty() && t.state().currentStage() < 0) {
                    t = rollout.approve(t.state().rolloutId(), settings.approvedBy,
                            settings.approvalNote == null ? "" : settings.approvalNote, obs, now);
                }
                r.rolloutId = t.state().rolloutId();
                if (t.gate() != null) {
                    r.gateStage = t.gateStage();
                    r.gateStatus = t.gate().status().label();
                    r.gateExplanation = t.gate().describe();
                }
                r.evidence = t.evidence();
                r.stageTable = t.created() ? StagePlanTable.text(planned.stages()) + notes(planned) : null;
                r.statusJson = t.statusJson();
                r.summary = t.summary();
                r.next = t.next().name();
                r.wakeAtMillis = t.wakeAt().toEpochMilli();
                r.waitingFor = t.waitingFor();
                r.rolledBack = t.rolledBack();
                r.outcome = t.state().rollbackReport() != null ? t.state().rollbackReport().reason()
                        : t.state().status().wire();
                for (Approval a : t.state().approvals()) {
                    r.approvals.add(a.stage() + ": approved by " + a.approvedBy() + " at " + a.approvedAt()
                            + (a.notes().isEmpty() ? "" : " (" + a.notes() + ")"));
                }
                for (StageState st : t.state().stages()) {
                    r.stageTenants.put(st.name(), new ArrayList<>(st.spec().cohort()));
                }
                return r;
            }
        });
    }

    /** How the plan's strategy shaped the stages (traffic steps, compare/switch, flag overrides), as {@code rollout plan}. */
    private static String notes(PlanFiles.Planned planned) {
        StringBuilder sb = new StringBuilder();
        if (!planned.notes().isEmpty()) {
            sb.append("strategy ").append(planned.plan().strategy().spelling()).append(":\n");
            planned.notes().forEach(n -> sb.append("  ").append(n).append('\n'));
        }
        return sb.toString();
    }

    /**
     * Opens the evidence index with the keys from the credentials: written to a private folder only while the
     * publisher loads them (it keeps them in memory), deleted before the rollout moves.
     */
    private EvidenceIndex evidence(File ws) throws Exception {
        if (settings.evidenceIndex == null) {
            return null;
        }
        Path index = Workspaces.require(ws, settings.evidenceIndex, "policyRollout", "evidenceIndex");
        try (SecretFiles keys = new SecretFiles(secrets.tmp, "stagelight-evidence-")) {
            return new EvidenceIndex(index, keys.write("evidence.key", secrets.evidenceKey),
                    keys.write("evidence-log.key", secrets.evidenceLogKey), Clock.systemUTC());
        } catch (KeyException e) {
            throw new AbortException("policyRollout: evidenceKeyCredentialsId: " + e.getMessage()
                    .replace("--evidence-log-key", "evidenceLogKeyCredentialsId")
                    .replace("--evidence-key", "the evidence key"));
        }
    }
}
