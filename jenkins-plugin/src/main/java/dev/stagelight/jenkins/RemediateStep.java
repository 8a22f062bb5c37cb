package dev.stagelight.jenkins;

import dev.stagelight.rollout.gate.source.PrometheusSource;
import dev.stagelight.rollout.gate.source.Sleeper;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.pipeline.PipelineRemediation;
import dev.stagelight.rollout.remediation.EvidenceRecord;
import dev.stagelight.rollout.remediation.RemediationRules;
import dev.stagelight.rollout.store.RolloutStore;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import jenkins.MasterToSlaveFileCallable;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code remediate(rules:, prometheus:, dryRun:)}: one SLA auto-remediation evaluation, as {@code rollout remediate}
 * runs it (rollout-steps {@code PipelineRemediation}): reads the rules' inputs from Prometheus, decides every rule,
 * reverts actions green for the green period; cooldowns, actions in force and the evidence log live in the store
 * (same options as {@code policyRollout}), so each build continues from the last. Returns the evaluation with
 * {@code taken:} and {@code reverted:}; prints every decision with its values; the build page lists them. Webhook URLs
 * and secrets come from the build's environment (bind them with {@code withCredentials}); an action that failed on
 * every attempt fails the step once everything is recorded.
 */
public final class RemediateStep extends Step {
    private final String rules;
    private final String prometheus;
    private boolean dryRun;
    private String canaryVerdict;
    private String at;
    private String store = StoreSettings.DEFAULT_STORE;
    private boolean storeGit;
    private String storeRemote;
    private String storeCredentialsId;
    private boolean lenient;

    @DataBoundConstructor
    public RemediateStep(String rules, String prometheus) {
        this.rules = rules;
        this.prometheus = prometheus;
    }

    public String getRules() {
        return rules;
    }

    public String getPrometheus() {
        return prometheus;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public String getCanaryVerdict() {
        return canaryVerdict;
    }

    /** The canary gate's latest verdict for {@code canary.verdict} (pass, fail, inconclusive, or a gate's words). */
    @DataBoundSetter
    public void setCanaryVerdict(String canaryVerdict) {
        this.canaryVerdict = blankToNull(canaryVerdict);
    }

    public String getAt() {
        return at;
    }

    @DataBoundSetter
    public void setAt(String at) {
        this.at = blankToNull(at);
    }

    public String getStore() {
        return store;
    }

    @DataBoundSetter
    public void setStore(String store) {
        this.store = store == null || store.isBlank() ? StoreSettings.DEFAULT_STORE : store;
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

    public boolean isLenient() {
        return lenient;
    }

    @DataBoundSetter
    public void setLenient(boolean lenient) {
        this.lenient = lenient;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        if (rules == null || rules.isBlank()) {
            throw new AbortException("remediate: the parameter 'rules' is required");
        }
        if (prometheus == null || !(prometheus.startsWith("http://") || prometheus.startsWith("https://"))) {
            throw new AbortException("remediate: prometheus '" + prometheus + "': expected an http(s) URL");
        }
        if (at != null) {
            try {
                Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new AbortException("remediate: at '" + at + "': expected an RFC 3339 instant such as"
                        + " 2026-01-01T06:10:00Z");
            }
        }
        try {
            PipelineRemediation.canaryVerdict(canaryVerdict);
        } catch (IllegalArgumentException e) {
            throw new AbortException("remediate: " + e.getMessage());
        }
        StoreSettings s = new StoreSettings(store, storeGit, storeRemote);
        s.check("remediate");
        if (storeCredentialsId != null && storeRemote == null) {
            throw new AbortException("remediate: storeCredentialsId is for the git store's remote; give storeRemote");
        }
        return new Execution(context, this, s);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient RemediateStep step;
        private final StoreSettings store;

        Execution(StepContext context, RemediateStep step, StoreSettings store) {
            super(context);
            this.step = step;
            this.store = store;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath ws = getContext().get(FilePath.class);
            EnvVars env = getContext().get(EnvVars.class);
            StepCredentials.UserPassword storeLogin = StepCredentials.userPassword(run, "remediate",
                    "storeCredentialsId", step.storeCredentialsId);
            Evaluate evaluate = new Evaluate(step.rules, step.prometheus, step.dryRun, step.canaryVerdict, step.at,
                    step.lenient, store, "jenkins:" + run.getExternalizableId(),
                    env == null ? new HashMap<>() : new HashMap<>(env), storeLogin);
            Outcome o;
            try {
                o = ws.act(evaluate);
            } finally {
                if (storeLogin != null) {
                    storeLogin.clear();
                }
            }
            listener.getLogger().print(o.text);
            o.warnings.forEach(w -> listener.getLogger().println("warning: " + w));
            StagelightAction.of(run).recordRemediation(o.scope, o.evaluation, o.at, o.dryRun, o.decisions);
            run.save();
            if (!o.failures.isEmpty()) {
                throw new AbortException("remediate: " + o.scope + " evaluation " + o.evaluation + ": "
                        + String.join("; ", o.failures) + " (recorded; a person must look)");
            }
            return PlainData.parse(o.treeJson);
        }
    }

    /** The evaluation as it crosses the channel: the report, the result tree, one row per decision for the page. */
    static final class Outcome implements Serializable {
        private static final long serialVersionUID = 1L;
        String scope;
        long evaluation;
        String at;
        boolean dryRun;
        String text;
        String treeJson;
        ArrayList<String> warnings = new ArrayList<>();
        ArrayList<String> failures = new ArrayList<>();
        ArrayList<LinkedHashMap<String, String>> decisions = new ArrayList<>();
    }

    /** On the agent: load the rules with the build's environment, open the store, evaluate once. */
    static final class Evaluate extends MasterToSlaveFileCallable<Outcome> {
        private static final long serialVersionUID = 1L;
        private final String rules;
        private final String prometheus;
        private final boolean dryRun;
        private final String canaryVerdict;
        private final String at;
        private final boolean lenient;
        private final StoreSettings store;
        private final String actor;
        /** The build's environment: the rules' url_env / secret_env resolve against it (credentials bindings too). */
        private final HashMap<String, String> env;
        /** The git store remote's login, for this evaluation only (never saved with the build). */
        private final StepCredentials.UserPassword storeLogin;

        Evaluate(String rules, String prometheus, boolean dryRun, String canaryVerdict, String at, boolean lenient,
                 StoreSettings store, String actor, HashMap<String, String> env, StepCredentials.UserPassword storeLogin) {
            this.rules = rules;
            this.prometheus = prometheus;
            this.dryRun = dryRun;
            this.canaryVerdict = canaryVerdict;
            this.at = at;
            this.lenient = lenient;
            this.store = store;
            this.actor = actor;
            this.env = env;
            this.storeLogin = storeLogin;
        }

        @Override
        public Outcome invoke(File ws, VirtualChannel channel) throws IOException {
            return Failures.abortOnRefusal("remediate", () -> {
                RemediationRules r = PipelineRemediation.rules(Workspaces.require(ws, rules, "remediate", "rules"),
                        lenient ? Strictness.LENIENT : Strictness.STRICT, env, dryRun);
                Instant when = at == null ? Instant.now() : Instant.parse(at);
                try (RolloutStore s = store.open(ws, "remediate", storeLogin)) {
                    PipelineRemediation.Outcome e = PipelineRemediation.evaluate(r, new PrometheusSource(
                            URI.create(prometheus)), s, when, canaryVerdict, actor, Clock.systemUTC(), Sleeper.REAL);
                    Outcome o = new Outcome();
                    o.scope = r.scope();
                    o.evaluation = e.evaluation().evaluation();
                    o.at = when.toString();
                    o.dryRun = e.evaluation().dryRun();
                    o.text = e.text();
                    o.treeJson = PlainData.json(e.tree());
                    e.evaluation().readings().problems().forEach((k, v) -> o.warnings.add(k + " missing: " + v));
                    for (EvidenceRecord d : e.failures()) {
                        o.failures.add(d.action() + " " + d.decision().wire() + ": " + d.result());
                    }
                    for (EvidenceRecord d : e.evaluation().decisions()) {
                        LinkedHashMap<String, String> row = new LinkedHashMap<>();
                        row.put("action", d.action());
                        row.put("rule", d.rule() == null ? "" : d.rule());
                        row.put("decision", d.decision().wire());
                        row.put("values", values(d.values()));
                        row.put("why", d.why() == null ? "" : d.why());
                        row.put("result", d.result() == null ? "" : d.executor() + ": " + d.result());
                        o.decisions.add(row);
                    }
                    return o;
                }
            });
        }

        private static String values(Map<String, Object> values) {
            StringBuilder sb = new StringBuilder();
            values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" = ")
                    .append(v instanceof Double x && x.isNaN() ? "missing" : String.valueOf(v)));
            return sb.toString();
        }
    }

    @Extension
    @Symbol("remediate")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "remediate";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "One SLA auto-remediation evaluation (actions taken and reverted)";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, TaskListener.class, Run.class, EnvVars.class);
        }
    }
}
