package dev.stagelight.jenkins;

import dev.stagelight.rollout.input.Durations;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code policyRollout(plan:, tenants:, store:, ...)}: runs a staged rollout through the engine until it completes,
 * rolls back or fails. Waiting (for a stage's window, or for a person) is durable and holds no thread: like
 * {@code sleep}, the execution schedules its next tick on a timer and schedules it again in {@link
 * Execution#onResume()}; every fact lives in the engine's store, so a restarted controller simply ticks again.
 * Approvals come from the build page ("Policy rollout"), recorded by the engine with the Jenkins user and note.
 */
public final class PolicyRolloutStep extends Step {
    static final String DEFAULT_STORE = StoreSettings.DEFAULT_STORE;
    static final String DEFAULT_POLL = "5m";

    private final String plan;
    private final String tenants;
    private String policies;
    private String store = DEFAULT_STORE;
    private boolean storeGit;
    private String storeRemote;
    private String storeCredentialsId;
    private String gates;
    private String prometheus;
    private String evidenceIndex;
    private String evidenceKeyCredentialsId;
    private String evidenceLogKeyCredentialsId;
    private String observations;
    private String pollInterval = DEFAULT_POLL;
    private boolean failOnRollback = true;
    private boolean lenient;
    private String approvedBy;
    private String approvalNote;

    @DataBoundConstructor
    public PolicyRolloutStep(String plan, String tenants) {
        this.plan = plan;
        this.tenants = tenants;
    }

    public String getPlan() {
        return plan;
    }

    public String getTenants() {
        return tenants;
    }

    public String getPolicies() {
        return policies;
    }

    @DataBoundSetter
    public void setPolicies(String policies) {
        this.policies = blankToNull(policies);
    }

    public String getStore() {
        return store;
    }

    @DataBoundSetter
    public void setStore(String store) {
        this.store = store == null || store.isBlank() ? DEFAULT_STORE : store;
    }

    public boolean isStoreGit() {
        return storeGit;
    }

    @DataBoundSetter
    public void setStoreGit(boolean storeGit) {
        this.storeGit = storeGit;
    }

    public String getStoreRemote() {
        return storeRemote;
    }

    @DataBoundSetter
    public void setStoreRemote(String storeRemote) {
        this.storeRemote = blankToNull(storeRemote);
    }

    public String getStoreCredentialsId() {
        return storeCredentialsId;
    }

    /** Username/password (or secret-text token) credentials for the git store's remote. */
    @DataBoundSetter
    public void setStoreCredentialsId(String storeCredentialsId) {
        this.storeCredentialsId = blankToNull(storeCredentialsId);
    }

    public String getGates() {
        return gates;
    }

    /** The gate set file the plan's stages name in 'analysis'; with {@code prometheus}. */
    @DataBoundSetter
    public void setGates(String gates) {
        this.gates = blankToNull(gates);
    }

    public String getPrometheus() {
        return prometheus;
    }

    @DataBoundSetter
    public void setPrometheus(String prometheus) {
        this.prometheus = blankToNull(prometheus);
    }

    public String getEvidenceIndex() {
        return evidenceIndex;
    }

    @DataBoundSetter
    public void setEvidenceIndex(String evidenceIndex) {
        this.evidenceIndex = blankToNull(evidenceIndex);
    }

    public String getEvidenceKeyCredentialsId() {
        return evidenceKeyCredentialsId;
    }

    @DataBoundSetter
    public void setEvidenceKeyCredentialsId(String evidenceKeyCredentialsId) {
        this.evidenceKeyCredentialsId = blankToNull(evidenceKeyCredentialsId);
    }

    public String getEvidenceLogKeyCredentialsId() {
        return evidenceLogKeyCredentialsId;
    }

    @DataBoundSetter
    public void setEvidenceLogKeyCredentialsId(String evidenceLogKeyCredentialsId) {
        this.evidenceLogKeyCredentialsId = blankToNull(evidenceLogKeyCredentialsId);
    }

    public String getObservations() {
        return observations;
    }

    @DataBoundSetter
    public void setObservations(String observations) {
        this.observations = blankToNull(observations);
    }

    public String getPollInterval() {
        return pollInterval;
    }

    @DataBoundSetter
    public void setPollInterval(String pollInterval) {
        this.pollInterval = pollInterval == null || pollInterval.isBlank() ? DEFAULT_POLL : pollInterval;
    }

    public boolean isFailOnRollback() {
        return failOnRollback;
    }

    @DataBoundSetter
    public void setFailOnRollback(boolean failOnRollback) {
        this.failOnRollback = failOnRollback;
    }

    public boolean isLenient() {
        return lenient;
    }

    @DataBoundSetter
    public void setLenient(boolean lenient) {
        this.lenient = lenient;
    }

    public String getApprovedBy() {
        return approvedBy;
    }

    /**
     * Who already approved stage 1 (e.g. the submitter an {@code input} step returns): recorded by the engine as
     * approved_by, so the build does not wait on the build page for that first approval.
     */
    @DataBoundSetter
    public void setApprovedBy(String approvedBy) {
        this.approvedBy = blankToNull(approvedBy);
    }

    public String getApprovalNote() {
        return approvalNote;
    }

    @DataBoundSetter
    public void setApprovalNote(String approvalNote) {
        this.approvalNote = blankToNull(approvalNote);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        Duration poll = Durations.parse(pollInterval).orElseThrow(() -> new AbortException(
                "policyRollout: pollInterval '" + pollInterval + "': expected a duration such as 30s, 5m or 1h"));
        if (poll.isZero() || poll.isNegative()) {
            throw new AbortException("policyRollout: pollInterval '" + pollInterval + "': expected a positive duration");
        }
        StoreSettings st = new StoreSettings(store, storeGit, storeRemote);
        st.check("policyRollout");
        if (storeCredentialsId != null && storeRemote == null) {
            throw new AbortException("policyRollout: storeCredentialsId is for the git store's remote; give storeRemote");
        }
        if ((gates == null) != (prometheus == null)) {
            throw new AbortException(gates == null ? "policyRollout: prometheus needs gates: the gate set file the"
                    + " plan's stages name" : "policyRollout: gates needs prometheus: the Prometheus base URL");
        }
        if ((evidenceIndex == null) != (evidenceKeyCredentialsId == null)) {
            throw new AbortException("policyRollout: evidenceIndex and evidenceKeyCredentialsId go together");
        }
        if (evidenceLogKeyCredentialsId != null && evidenceIndex == null) {
            throw new AbortException("policyRollout: evidenceLogKeyCredentialsId needs evidenceIndex");
        }
        RolloutTick.Settings s = new RolloutTick.Settings();
        s.plan = plan;
        s.tenants = tenants;
        s.policies = policies;
        s.store = st;
        s.gates = gates;
        s.prometheus = prometheus;
        s.evidenceIndex = evidenceIndex;
        s.observations = observations;
        s.lenient = lenient;
        s.pollSeconds = poll.toSeconds();
        s.approvedBy = approvedBy;
        s.approvalNote = approvalNote;
        return new Execution(context, s, new CredentialIds(storeCredentialsId, evidenceKeyCredentialsId,
                evidenceLogKeyCredentialsId), failOnRollback);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The credentials a rollout uses, by id only: each tick looks them up anew, so no secret is saved with the build. */
    static final class CredentialIds implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final String store;
        final String evidenceKey;
        final String evidenceLogKey;

        CredentialIds(String store, String evidenceKey, String evidenceLogKey) {
            this.store = store;
            this.evidenceKey = evidenceKey;
            this.evidenceLogKey = evidenceLogKey;
        }

        /** Looks the secrets up for one tick (tracked on the build); {@code tmp} is the agent's temporary folder. */
        RolloutTick.Secrets lookUp(Run<?, ?> run, String tmp) throws IOException {
            RolloutTick.Secrets s = new RolloutTick.Secrets();
            s.tmp = tmp;
            s.store = StepCredentials.userPassword(run, "policyRollout", "storeCredentialsId", store);
            s.evidenceKey = StepCredentials.file(run, "policyRollout", "evidenceKeyCredentialsId", evidenceKey);
            s.evidenceLogKey = StepCredentials.file(run, "policyRollout", "evidenceLogKeyCredentialsId", evidenceLogKey);
            return s;
        }
    }

    /** A plain {@link StepExecution}: no thread waits; a timer runs each tick on the agent and schedules the next. */
    public static final class Execution extends StepExecution {
        private static final long serialVersionUID = 1L;
        private static final Logger LOGGER = Logger.getLogger(Execution.class.getName());
        /** How soon to try again when the agent or the build cannot be reached (a reconnect, a restart in progress). */
        private static final long RETRY_MILLIS = TimeUnit.SECONDS.toMillis(30);

        private final RolloutTick.Settings settings;
        private final CredentialIds credentials;
        private final boolean failOnRollback;
        private String rolloutId;
        private long wakeAtMillis;
        private String waitingFor;
        private transient volatile ScheduledFuture<?> task;
        private transient volatile boolean done;

        Execution(StepContext context, RolloutTick.Settings settings, CredentialIds credentials, boolean failOnRollback) {
            super(context);
            this.settings = settings;
            this.credentials = credentials;
            this.failOnRollback = failOnRollback;
        }

        @Override
        public boolean start() {
            schedule(0, null);
            return false;
        }

        @Override
        public void onResume() {
            // Nothing was lost: the store holds the rollout; the next tick continues where it stands.
            schedule(0, null);
        }

        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            done = true;
            ScheduledFuture<?> t = task;
            if (t != null) {
                t.cancel(false);
            }
            getContext().onFailure(cause);
        }

        @Override
        public String getStatus() {
            if (waitingFor != null) {
                return "waiting for " + waitingFor + " (" + rolloutId + ")";
            }
            return wakeAtMillis == 0 ? "starting" : "next check of " + rolloutId + " at " + Instant.ofEpochMilli(wakeAtMillis);
        }

        String rolloutId() {
            return rolloutId;
        }

        boolean waitsForApproval() {
            return waitingFor != null;
        }

        /** A decision from the build page for this execution's build and rollout; false when it is not ours. */
        boolean decide(Run<?, ?> run, String rollout, RolloutTick.Decision decision) {
            try {
                Run<?, ?> ours = getContext().get(Run.class);
                if (ours == null || !ours.getExternalizableId().equals(run.getExternalizableId())
                        || rolloutId == null || !rolloutId.equals(rollout) || waitingFor == null || done) {
                    return false;
                }
            } catch (IOException | InterruptedException e) {
                return false;
            }
            schedule(0, decision);
            return true;
        }

        private synchronized void schedule(long delayMillis, RolloutTick.Decision decision) {
            ScheduledFuture<?> t = task;
            if (t != null) {
                t.cancel(false);
            }
            task = Timer.get().schedule(() -> tick(decision), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        }

        private synchronized void tick(RolloutTick.Decision decision) {
            if (done) {
                return;
            }
            TaskListener listener;
            FilePath ws;
            Run<?, ?> run;
            try {
                listener = getContext().get(TaskListener.class);
                ws = getContext().get(FilePath.class);
                run = getContext().get(Run.class);
            } catch (IOException | InterruptedException e) {
                LOGGER.log(Level.FINE, "policyRollout: context not available yet; retrying", e);
                schedule(RETRY_MILLIS, decision);
                return;
            }
            PrintStream log = listener.getLogger();
            if (ws == null || ws.getChannel() == null) {
                log.println("policyRollout: the workspace's agent is offline; trying again in 30 s");
                schedule(RETRY_MILLIS, decision);
                return;
            }
            RolloutTick.Result r;
            RolloutTick.Secrets secrets = null;
            try {
                secrets = credentials.lookUp(run, WorkspaceList.tempDir(ws).getRemote());
                r = ws.act(new RolloutTick(settings, rolloutId, decision, "jenkins:" + run.getExternalizableId(),
                        secrets));
            } catch (AbortException e) {
                finish(e);
                return;
            } catch (IOException e) {
                log.println("policyRollout: could not reach the workspace (" + e.getMessage() + "); trying again in 30 s");
                schedule(RETRY_MILLIS, decision);
                return;
            } catch (InterruptedException e) {
                schedule(RETRY_MILLIS, decision);
                return;
            } catch (RuntimeException e) {
                finish(e);
                return;
            } finally {
                if (secrets != null) {
                    secrets.clear();
                }
            }
            rolloutId = r.rolloutId;
            r.warnings.forEach(w -> log.println("warning: " + w));
            if (r.decisionRefused != null) {
                log.println("policyRollout: the decision was not applied: " + r.decisionRefused);
            }
            if (r.stageTable != null) {
                log.print(r.stageTable);
            }
            if (r.gateStatus != null) {
                log.println("gates of stage " + r.gateStage + ": " + r.gateExplanation.replace("\n", "\n  "));
            }
            r.events.forEach(log::println);
            if (r.evidence != null) {
                log.println(r.evidence + " to " + settings.evidenceIndex);
            }
            log.println(r.summary);
            waitingFor = "APPROVAL".equals(r.next) ? r.waitingFor : null;
            wakeAtMillis = r.wakeAtMillis;
            try {
                StagelightAction a = StagelightAction.of(run);
                a.recordRollout(r.rolloutId, r.statusJson, r.stageTenants, r.approvals, waitingFor);
                if (r.gateStatus != null) {
                    a.recordStageGate(r.rolloutId, r.gateStage, r.gateStatus, r.gateExplanation);
                }
                run.save();
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "policyRollout: could not save the build page of " + run, e);
            }
            switch (r.next) {
                case "DONE" -> {
                    if (r.rolledBack && failOnRollback) {
                        finish(new AbortException("policyRollout: " + r.rolloutId + " was rolled back: " + r.outcome));
                    } else {
                        done = true;
                        try {
                            getContext().onSuccess(PlainData.parse(r.statusJson));
                        } catch (IOException e) {
                            getContext().onFailure(e);
                        }
                    }
                }
                case "APPROVAL" -> log.println("policyRollout: waiting for " + r.waitingFor + ": approve or abort on the"
                        + " build page (" + StagelightAction.URL_NAME + "); no executor thread waits meanwhile");
                default -> schedule(r.wakeAtMillis - System.currentTimeMillis(), null);
            }
        }

        private void finish(Throwable t) {
            done = true;
            getContext().onFailure(t);
        }
    }

    @Extension
    @Symbol("policyRollout")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "policyRollout";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Run a staged policy rollout (durable, with approvals on the build page)";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, TaskListener.class, Run.class);
        }
    }
}
