package dev.stagelight.jenkins;

import dev.stagelight.rollout.input.Durations;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.pipeline.PipelineGate;
import dev.stagelight.rollout.pipeline.PipelineGates;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jenkins.MasterToSlaveFileCallable;
import jenkins.util.Timer;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code canaryGate(gates:, prometheus:, stage:, tenants:, at:)}: evaluates a gate set once at {@code at} (default
 * now), as {@code rollout gate} does (rollout-steps {@code PipelineGate}): the minimum-traffic guard, analysis
 * templates, judged metrics (baseline vs canary), adaptive metrics and probes, per cohort when the set has cohorts;
 * the worst part decides. Prints the verdict with every part's values and reason, and returns {@code rollout gate
 * --json}'s verdict as a map. FAILED fails the stage; INCONCLUSIVE (or unreadable metrics: nothing decided) waits for
 * a person on the build page (accept to go on, reject to fail); no thread waits meanwhile. The block form
 * {@code canaryGate(...) { deployCanary() }} runs the body first. Judging is the module's; this step binds files,
 * the log and the build page.
 */
public final class CanaryGateStep extends Step {
    private final String gates;
    private final String prometheus;
    private String template;
    private String tenantTree;
    private String stage = "canary";
    private List<String> tenants = new ArrayList<>();
    private String interval = "5m";
    private String at;
    private boolean lenient;

    @DataBoundConstructor
    public CanaryGateStep(String gates, String prometheus) {
        this.gates = gates;
        this.prometheus = prometheus;
    }

    public String getGates() {
        return gates;
    }

    public String getPrometheus() {
        return prometheus;
    }

    public String getTemplate() {
        return template;
    }

    @DataBoundSetter
    public void setTemplate(String template) {
        this.template = template == null || template.isBlank() ? null : template;
    }

    public String getTenantTree() {
        return tenantTree;
    }

    /** The tenant tree (tenants.yaml): labels for per-cohort gates; without tenants:, every tenant in it. */
    @DataBoundSetter
    public void setTenantTree(String tenantTree) {
        this.tenantTree = tenantTree == null || tenantTree.isBlank() ? null : tenantTree;
    }

    public String getStage() {
        return stage;
    }

    @DataBoundSetter
    public void setStage(String stage) {
        this.stage = stage == null || stage.isBlank() ? "canary" : stage;
    }

    public List<String> getTenants() {
        return tenants;
    }

    @DataBoundSetter
    public void setTenants(List<String> tenants) {
        this.tenants = tenants == null ? new ArrayList<>() : new ArrayList<>(tenants);
    }

    public String getInterval() {
        return interval;
    }

    @DataBoundSetter
    public void setInterval(String interval) {
        this.interval = interval == null || interval.isBlank() ? "5m" : interval;
    }

    public String getAt() {
        return at;
    }

    @DataBoundSetter
    public void setAt(String at) {
        this.at = at == null || at.isBlank() ? null : at;
    }

    public boolean isLenient() {
        return lenient;
    }

    @DataBoundSetter
    public void setLenient(boolean lenient) {
        this.lenient = lenient;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        Duration d = Durations.parse(interval).orElseThrow(() -> new AbortException(
                "canaryGate: interval '" + interval + "': expected a duration such as 1m or 5m"));
        if (at != null) {
            try {
                Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new AbortException("canaryGate: at '" + at + "': expected an RFC 3339 instant such as"
                        + " 2024-12-29T11:00:00Z");
            }
        }
        if (d.isZero()) {
            throw new AbortException("canaryGate: interval '" + interval + "': expected a positive duration");
        }
        try {
            PipelineGates.prometheus(prometheus, "prometheus");
        } catch (IllegalArgumentException e) {
            throw new AbortException("canaryGate: " + e.getMessage());
        }
        return new Execution(context, new Evaluate(gates, template, prometheus, stage, new ArrayList<>(tenants),
                tenantTree, d.toSeconds(), at, lenient));
    }

    /** Runs the body (block form), then evaluates on a timer thread; an INCONCLUSIVE verdict waits for a person. */
    public static final class Execution extends StepExecution {
        private static final long serialVersionUID = 1L;
        private final Evaluate evaluate;
        private final String gateId;
        private boolean bodyDone;
        private boolean waiting;
        private boolean finished;
        private Verdict verdict;

        Execution(StepContext context, Evaluate evaluate) {
            super(context);
            this.evaluate = evaluate;
            this.gateId = "canaryGate:" + evaluate.stage;
        }

        @Override
        public boolean start() {
            if (getContext().hasBody()) {
                getContext().newBodyInvoker().withCallback(new AfterBody()).start();
            } else {
                bodyDone = true;
                scheduleEvaluation();
            }
            return false;
        }

        @Override
        public void onResume() {
            // A body resumes by itself (its callback evaluates); a pending decision stays pending; else evaluate again.
            if (bodyDone && !waiting && !finished) {
                scheduleEvaluation();
            }
        }

        @Override
        public String getStatus() {
            return waiting ? "waiting for a person: " + gateId + " is inconclusive" : bodyDone ? "evaluating" : "running the body";
        }

        private void scheduleEvaluation() {
            Timer.get().schedule(this::evaluateNow, 0, TimeUnit.MILLISECONDS);
        }

        private synchronized void evaluateNow() {
            try {
                TaskListener listener = getContext().get(TaskListener.class);
                Run<?, ?> run = getContext().get(Run.class);
                FilePath ws = getContext().get(FilePath.class);
                Verdict v = ws.act(evaluate);
                verdict = v;
                listener.getLogger().println(v.explanation);
                PipelineGate.Next next = PipelineGate.Next.valueOf(v.next);
                waiting = next == PipelineGate.Next.ASK_A_PERSON;
                StagelightAction.of(run).recordGate(gateId, evaluate.stage, v.status, v.explanation,
                        waiting ? "a person to judge an inconclusive gate" : null);
                run.save();
                if (next == PipelineGate.Next.PROCEED) {
                    succeed(null);
                } else if (waiting) {
                    listener.getLogger().println("canaryGate: " + evaluate.stage + " is " + v.status + "; approve to"
                            + " go on or abort on the build page (" + StagelightAction.URL_NAME + ")");
                } else {
                    fail(new AbortException("canaryGate: stage " + evaluate.stage + " " + v.status + " (see above)"));
                }
            } catch (AbortException e) {
                fail(e);
            } catch (IOException | InterruptedException | RuntimeException e) {
                fail(e);
            }
        }

        /** A person's decision on an inconclusive gate of this build; false when it is not this one. */
        boolean decide(Run<?, ?> run, String id, RolloutTick.Decision decision) {
            try {
                Run<?, ?> ours = getContext().get(Run.class);
                if (ours == null || !ours.getExternalizableId().equals(run.getExternalizableId()) || !gateId.equals(id)
                        || !waiting || finished) {
                    return false;
                }
                waiting = false;
                StagelightAction.of(run).recordGate(gateId, evaluate.stage, verdict.status + (decision.approve
                        ? ", accepted by " : ", rejected by ") + decision.who, verdict.explanation
                        + (decision.note.isEmpty() ? "" : "\n" + decision.who + ": " + decision.note), null);
                run.save();
                getContext().get(TaskListener.class).getLogger().println("canaryGate: " + evaluate.stage + " "
                        + (decision.approve ? "accepted" : "rejected") + " by " + decision.who
                        + (decision.note.isEmpty() ? "" : ": " + decision.note));
            } catch (IOException | InterruptedException e) {
                return false;
            }
            if (decision.approve) {
                succeed(decision.who);
            } else {
                fail(new AbortException("canaryGate: stage " + evaluate.stage + " " + verdict.status
                        + " and rejected by " + decision.who));
            }
            return true;
        }

        private void succeed(String acceptedBy) {
            finished = true;
            LinkedHashMap<String, Object> out;
            try {
                out = PlainData.parse(verdict.json);
            } catch (IOException e) {
                getContext().onFailure(e);
                return;
            }
            out.put("status", verdict.status);
            out.put("stage", evaluate.stage);
            out.put("explanation", verdict.explanation);
            if (acceptedBy != null) {
                out.put("accepted_by", acceptedBy);
            }
            getContext().onSuccess(out);
        }

        private void fail(Throwable t) {
            finished = true;
            getContext().onFailure(t);
        }

        /** After the body: evaluate (the callback is saved with the program, so it survives a restart). */
        private final class AfterBody extends BodyExecutionCallback {
            private static final long serialVersionUID = 1L;

            @Override
            public void onSuccess(StepContext context, Object result) {
                bodyDone = true;
                scheduleEvaluation();
            }

            @Override
            public void onFailure(StepContext context, Throwable t) {
                fail(t);
            }
        }
    }

    /** The verdict as it crosses the channel: status, what follows, the explanation, {@code rollout gate --json}. */
    static final class Verdict implements Serializable {
        private static final long serialVersionUID = 1L;
        String status;
        String next;
        String explanation;
        String json;
    }

    /** On the agent: load the gate set, query Prometheus, judge with the module's gate evaluation. */
    static final class Evaluate extends MasterToSlaveFileCallable<Verdict> {
        private static final long serialVersionUID = 1L;
        final String gates;
        final String template;
        final String prometheus;
        final String stage;
        final ArrayList<String> tenants;
        final String tenantTree;
        final long intervalSeconds;
        final String at;
        final boolean lenient;

        Evaluate(String gates, String template, String prometheus, String stage, ArrayList<String> tenants,
                 String tenantTree, long intervalSeconds, String at, boolean lenient) {
            this.gates = gates;
            this.template = template;
            this.prometheus = prometheus;
            this.stage = stage;
            this.tenants = tenants;
            this.tenantTree = tenantTree;
            this.intervalSeconds = intervalSeconds;
            this.at = at;
            this.lenient = lenient;
        }

        @Override
        public Verdict invoke(File ws, VirtualChannel channel) throws IOException {
            return Failures.abortOnRefusal("canaryGate", () -> {
                Instant when = at == null ? Instant.now() : Instant.parse(at);
                PipelineGate.Verdict r = PipelineGate.evaluate(new PipelineGate.Request(
                        Workspaces.require(ws, gates, "canaryGate", "gates"), template, stage, tenants,
                        Workspaces.resolve(ws, tenantTree), Duration.ofSeconds(intervalSeconds), when,
                        lenient ? Strictness.LENIENT : Strictness.STRICT),
                        PipelineGates.prometheus(prometheus, "prometheus"));
                Verdict v = new Verdict();
                v.status = r.status().label();
                v.next = r.next().name();
                v.explanation = "canaryGate " + stage + ": " + r.explanation();
                v.json = PlainData.json(r.tree());
                return v;
            });
        }
    }

    @Extension
    @Symbol("canaryGate")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "canaryGate";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Judge a canary by a gate set against Prometheus";
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, TaskListener.class, Run.class);
        }
    }
}
