package dev.stagelight.jenkins;

import dev.stagelight.rollout.gate.analysis.AnalysisJson;
import dev.stagelight.rollout.gate.analysis.AnalysisRun;
import dev.stagelight.rollout.gate.analysis.AnalysisRunner;
import dev.stagelight.rollout.gate.analysis.AnalysisTemplate;
import dev.stagelight.rollout.gate.analysis.AnalysisTemplates;
import dev.stagelight.rollout.gate.analysis.Status;
import dev.stagelight.rollout.gate.source.PrometheusSource;
import dev.stagelight.rollout.gate.source.TemplateVars;
import dev.stagelight.rollout.input.Durations;
import dev.stagelight.rollout.input.Strictness;
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
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@code canaryGate(gates:, prometheus:, stage:, tenants:, at:)}: evaluates the threshold analyses of a gates file
 * (the rollout module's {@code gate/analysis}: Argo-style AnalysisTemplates against Prometheus) once over the history
 * ending at {@code at} (default now), prints each run's explanation and returns {@code [status:, runs: [...]]}
 * with every measurement as evidence. FAILED or ERROR fails the stage; INCONCLUSIVE waits for a person (approve to
 * go on, abort to fail) on the build page. The block form {@code canaryGate(...) { deployCanary() }} runs the body
 * first. Judging is the module's; this step binds files, the log and the build page.
 */
public final class CanaryGateStep extends Step {
    private final String gates;
    private final String prometheus;
    private String template;
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
        return new Execution(context, new Evaluate(gates, template, prometheus, stage, new ArrayList<>(tenants),
                d.toSeconds(), at, lenient));
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
                Status status = Status.valueOf(v.status);
                waiting = status == Status.INCONCLUSIVE;
                StagelightAction.of(run).recordGate(gateId, evaluate.stage, status.label(), v.explanation,
                        waiting ? "a person to judge an inconclusive gate" : null);
                run.save();
                if (status == Status.SUCCESSFUL) {
                    succeed(null);
                } else if (waiting) {
                    listener.getLogger().println("canaryGate: " + evaluate.stage + " is inconclusive; approve to go on or"
                            + " abort on the build page (" + StagelightAction.URL_NAME + ")");
                } else {
                    fail(new AbortException("canaryGate: stage " + evaluate.stage + " " + status.label() + " (see above)"));
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
                StagelightAction.of(run).recordGate(gateId, evaluate.stage, decision.approve ? "inconclusive, accepted by "
                        + decision.who : "inconclusive, rejected by " + decision.who, verdict.explanation
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
                fail(new AbortException("canaryGate: stage " + evaluate.stage + " inconclusive and rejected by "
                        + decision.who));
            }
            return true;
        }

        private void succeed(String acceptedBy) {
            finished = true;
            LinkedHashMap<String, Object> out = new LinkedHashMap<>();
            out.put("status", verdict.status.toLowerCase(java.util.Locale.ROOT));
            out.put("stage", evaluate.stage);
            out.put("explanation", verdict.explanation);
            if (acceptedBy != null) {
                out.put("accepted_by", acceptedBy);
            }
            List<Object> runs = new ArrayList<>();
            for (String json : verdict.runs) {
                try {
                    runs.add(PlainData.parse(json));
                } catch (IOException e) {
                    runs.add(json);
                }
            }
            out.put("runs", runs);
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

    /** The verdict as it crosses the channel: the worst status, the explanation, each run's JSON. */
    static final class Verdict implements Serializable {
        private static final long serialVersionUID = 1L;
        String status;
        String explanation;
        ArrayList<String> runs = new ArrayList<>();
    }

    /** On the agent: load the gates file, query Prometheus, judge with the module's analysis runner. */
    static final class Evaluate extends MasterToSlaveFileCallable<Verdict> {
        private static final long serialVersionUID = 1L;
        final String gates;
        final String template;
        final String prometheus;
        final String stage;
        final ArrayList<String> tenants;
        final long intervalSeconds;
        final String at;
        final boolean lenient;

        Evaluate(String gates, String template, String prometheus, String stage, ArrayList<String> tenants,
                 long intervalSeconds, String at, boolean lenient) {
            this.gates = gates;
            this.template = template;
            this.prometheus = prometheus;
            this.stage = stage;
            this.tenants = tenants;
            this.intervalSeconds = intervalSeconds;
            this.at = at;
            this.lenient = lenient;
        }

        @Override
        public Verdict invoke(File ws, VirtualChannel channel) throws IOException {
            return Failures.abortOnRefusal("canaryGate", () -> {
                Map<String, AnalysisTemplate> all = AnalysisTemplates.load(
                        Workspaces.require(ws, gates, "canaryGate", "gates"), lenient ? Strictness.LENIENT : Strictness.STRICT);
                List<AnalysisTemplate> chosen = new ArrayList<>();
                if (template != null) {
                    AnalysisTemplate t = all.get(template);
                    if (t == null) {
                        throw new AbortException("canaryGate: " + gates + " has no template '" + template + "' (it has "
                                + all.keySet() + ")");
                    }
                    chosen.add(t);
                } else {
                    chosen.addAll(all.values());
                }
                if (prometheus == null || !(prometheus.startsWith("http://") || prometheus.startsWith("https://"))) {
                    throw new AbortException("canaryGate: prometheus '" + prometheus + "': expected an http(s) URL");
                }
                AnalysisRunner runner = new AnalysisRunner(new PrometheusSource(URI.create(prometheus)));
                TemplateVars vars = TemplateVars.stage(stage, tenants, Duration.ofSeconds(intervalSeconds));
                Instant when = at == null ? Instant.now() : Instant.parse(at);
                Verdict v = new Verdict();
                Status worst = Status.SUCCESSFUL;
                StringBuilder text = new StringBuilder();
                for (AnalysisTemplate t : chosen) {
                    AnalysisRun r = runner.evaluate(t, vars, when);
                    if (r.status().worseThan(worst)) {
                        worst = r.status();
                    }
                    text.append(r.describe()).append('\n');
                    v.runs.add(AnalysisJson.toJson(r).toString());
                }
                v.status = worst.name();
                v.explanation = "canaryGate " + stage + " at " + when + ": " + worst.label() + "\n" + text.toString().strip();
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
            return "Judge a canary by threshold analyses against Prometheus";
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
