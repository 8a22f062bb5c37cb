package dev.stagelight.jenkins;

import dev.stagelight.rollout.input.Durations;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
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
    static final String DEFAULT_STORE = ".stagelight/rollouts";
    static final String DEFAULT_POLL = "5m";

    private final String plan;
    private final String tenants;
    private String policies;
    private String store = DEFAULT_STORE;
    private boolean storeGit;
    private String storeRemote;
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
        if (storeRemote != null && !storeGit) {
            throw new AbortException("policyRollout: storeRemote needs storeGit: true");
        }
        RolloutTick.Settings s = new RolloutTick.Settings();
        s.plan = plan;
        s.tenants = tenants;
        s.policies = policies;
        s.store = store;
        s.storeGit = storeGit;
        s.storeRemote = storeRemote;
        s.observations = observations;
        s.lenient = lenient;
        s.pollSeconds = poll.toSeconds();
        s.approvedBy = approvedBy;
        s.approvalNote = approvalNote;
        return new Execution(context, s, failOnRollback);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** A plain {@link StepExecution}: no thread waits; a timer runs each tick on the agent and schedules the next. */
    public static final class Execution extends StepExecution {
        private static final long serialVersionUID = 1L;
        private static final Logger LOGGER = Logger.getLogger(Execution.class.getName());
        /** How soon to try again when the agent or the build cannot be reached (a reconnect, a restart in progress). */
        private static final long RETRY_MILLIS = TimeUnit.SECONDS.toMillis(30);

        private final RolloutTick.Settings settings;
        private final boolean failOnRollback;
        private String rolloutId;
        private long wakeAtMillis;
        private String waitingFor;
        private transient volatile ScheduledFuture<?> task;
        private transient volatile boolean done;

        Execution(StepContext context, RolloutTick.Settings settings, boolean failOnRollback) {
            super(context);
            this.settings = settings;
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
            try {
                r = ws.act(new RolloutTick(settings, rolloutId, decision, "jenkins:" + run.getExternalizableId()));
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
            }
            rolloutId = r.rolloutId;
            r.warnings.forEach(w -> log.println("warning: " + w));
            if (r.decisionRefused != null) {
                log.println("policyRollout: the decision was not applied: " + r.decisionRefused);
            }
            if (r.stageTable != null) {
                log.print(r.stageTable);
            }
            r.events.forEach(log::println);
            log.println(r.summary);
            waitingFor = "APPROVAL".equals(r.next) ? r.waitingFor : null;
            wakeAtMillis = r.wakeAtMillis;
            try {
                StagelightAction.of(run).recordRollout(r.rolloutId, r.statusJson, r.stageTenants, r.approvals, waitingFor);
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
