package dev.stagelight.jenkins;

import dev.stagelight.rollout.input.InputWarning;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.pipeline.ImpactRun;
import dev.stagelight.rollout.pipeline.PlanFiles;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayList;
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
 * {@code rolloutImpact(plan:, tenants:, policies:, scans:)}: replays historical scans under the plan's two versions
 * (as {@code rollout impact} does), prints the table and returns the {@code impact_analysis} map, for {@code input}
 * messages and {@code if} decisions ({@code impact.impact_analysis.results.recommendation}).
 */
public final class RolloutImpactStep extends Step {
    private final String plan;
    private final String tenants;
    private final String scans;
    private String policies;
    private boolean lenient;

    @DataBoundConstructor
    public RolloutImpactStep(String plan, String tenants, String scans) {
        this.plan = plan;
        this.tenants = tenants;
        this.scans = scans;
    }

    public String getPlan() {
        return plan;
    }

    public String getTenants() {
        return tenants;
    }

    public String getScans() {
        return scans;
    }

    public String getPolicies() {
        return policies;
    }

    @DataBoundSetter
    public void setPolicies(String policies) {
        this.policies = policies == null || policies.isBlank() ? null : policies;
    }

    public boolean isLenient() {
        return lenient;
    }

    @DataBoundSetter
    public void setLenient(boolean lenient) {
        this.lenient = lenient;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, new Analyse(plan, tenants, policies, scans, lenient));
    }

    /** Short (seconds over a scans file): a restart re-runs it, so the synchronous non-blocking form suits it. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final Analyse analyse;

        Execution(StepContext context, Analyse analyse) {
            super(context);
            this.analyse = analyse;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            TaskListener listener = getContext().get(TaskListener.class);
            Result r = getContext().get(FilePath.class).act(analyse);
            r.warnings.forEach(w -> listener.getLogger().println("warning: " + w));
            listener.getLogger().print(r.table);
            return r.impact;
        }
    }

    static final class Result implements Serializable {
        private static final long serialVersionUID = 1L;
        final String table;
        final LinkedHashMap<String, Object> impact;
        final ArrayList<String> warnings;

        Result(String table, LinkedHashMap<String, Object> impact, ArrayList<String> warnings) {
            this.table = table;
            this.impact = impact;
            this.warnings = warnings;
        }
    }

    /** Runs on the agent holding the workspace: the scans file may be large and never travels. */
    static final class Analyse extends MasterToSlaveFileCallable<Result> {
        private static final long serialVersionUID = 1L;
        private final String plan;
        private final String tenants;
        private final String policies;
        private final String scans;
        private final boolean lenient;

        Analyse(String plan, String tenants, String policies, String scans, boolean lenient) {
            this.plan = plan;
            this.tenants = tenants;
            this.policies = policies;
            this.scans = scans;
            this.lenient = lenient;
        }

        @Override
        public Result invoke(File ws, VirtualChannel channel) throws java.io.IOException {
            return Failures.abortOnRefusal("rolloutImpact", () -> {
                    PlanFiles files = new PlanFiles(Workspaces.require(ws, plan, "rolloutImpact", "plan"),
                            Workspaces.require(ws, tenants, "rolloutImpact", "tenants"), Workspaces.resolve(ws, policies),
                            lenient ? Strictness.LENIENT : Strictness.STRICT);
                    ImpactRun.Result r = ImpactRun.run(files, Workspaces.require(ws, scans, "rolloutImpact", "scans"),
                            Clock.systemUTC());
                    ArrayList<String> warnings = new ArrayList<>();
                    for (InputWarning w : r.warnings()) {
                        warnings.add(w.toString());
                    }
                    return new Result(r.table(), PlainData.map(r.tree()), warnings);
            });
        }
    }

    @Extension
    @Symbol("rolloutImpact")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "rolloutImpact";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Predict the impact of a policy rollout from historical scans";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, TaskListener.class);
        }
    }
}
