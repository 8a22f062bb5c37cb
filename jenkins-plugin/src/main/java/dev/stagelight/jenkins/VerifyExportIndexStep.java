package dev.stagelight.jenkins;

import dev.stagelight.verifier.cli.VerifierCli;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * {@code verifyExportIndex(index:, logKey:, signerKey:, bundle:, state:, follow:, junit:)}: the downstream verifier, run on the
 * agent exactly as {@code stagelight-verifier index} (or {@code bundle}, given an export folder) runs. Writes the
 * JUnit XML for the {@code junit} step, fails the build when a check fails, and returns
 * {@code [verified:, exitCode:, summary:, junit:, follow:]}. With {@code follow: true} it runs the verifier's
 * {@code follow} (a monitor: only what is new since the checkpoint in {@code state}). Trust (keys, state) is never
 * read from the index itself.
 */
public final class VerifyExportIndexStep extends Step {
    private final String index;
    private final String logKey;
    private List<String> signerKeys = new ArrayList<>();
    private String bundle;
    private String state;
    private String junit;
    private String origin;
    private boolean follow;

    @DataBoundConstructor
    public VerifyExportIndexStep(String index, String logKey) {
        this.index = index;
        this.logKey = logKey;
    }

    public String getIndex() {
        return index;
    }

    public String getLogKey() {
        return logKey;
    }

    /** One trusted manifest signer key (PEM file in the workspace); {@link #setSignerKeys} for several. */
    public String getSignerKey() {
        return signerKeys.size() == 1 ? signerKeys.get(0) : null;
    }

    @DataBoundSetter
    public void setSignerKey(String signerKey) {
        this.signerKeys = signerKey == null || signerKey.isBlank() ? new ArrayList<>() : new ArrayList<>(List.of(signerKey));
    }

    public List<String> getSignerKeys() {
        return signerKeys.size() > 1 ? signerKeys : null;
    }

    @DataBoundSetter
    public void setSignerKeys(List<String> signerKeys) {
        this.signerKeys = signerKeys == null ? new ArrayList<>() : new ArrayList<>(signerKeys);
    }

    public String getBundle() {
        return bundle;
    }

    @DataBoundSetter
    public void setBundle(String bundle) {
        this.bundle = blankToNull(bundle);
    }

    public String getState() {
        return state;
    }

    @DataBoundSetter
    public void setState(String state) {
        this.state = blankToNull(state);
    }

    public String getJunit() {
        return junit;
    }

    @DataBoundSetter
    public void setJunit(String junit) {
        this.junit = blankToNull(junit);
    }

    public String getOrigin() {
        return origin;
    }

    @DataBoundSetter
    public void setOrigin(String origin) {
        this.origin = blankToNull(origin);
    }

    public boolean isFollow() {
        return follow;
    }

    /**
     * A monitor's run ({@code stagelight-verifier follow}): from the checkpoint stored in {@code state}, only what the
     * index added since is verified (consistency, then each new entry), and the new checkpoint is stored only after
     * all of it holds; the first run verifies the whole index once.
     */
    @DataBoundSetter
    public void setFollow(boolean follow) {
        this.follow = follow;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public StepExecution start(StepContext context) throws AbortException {
        if (follow && state == null) {
            throw new AbortException("verifyExportIndex: follow needs state: the file where the last verified"
                    + " checkpoint is kept");
        }
        if (follow && bundle != null) {
            throw new AbortException("verifyExportIndex: follow verifies an index; bundle: is for one export");
        }
        return new Execution(context, new Verify(index, logKey, new ArrayList<>(signerKeys), bundle, state, junit, origin,
                follow));
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final Verify verify;

        Execution(StepContext context, Verify verify) {
            super(context);
            this.verify = verify;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            TaskListener listener = getContext().get(TaskListener.class);
            Result r = getContext().get(FilePath.class).act(verify);
            listener.getLogger().print(r.output);
            Run<?, ?> run = getContext().get(Run.class);
            StagelightAction.of(run).recordVerification(verify.index, r.exitCode == VerifierCli.OK,
                    (verify.follow ? "follow: " : "") + lastLine(r.output));
            run.save();
            if (r.exitCode == VerifierCli.FAILED) {
                throw new AbortException("verifyExportIndex: verification of " + verify.index + " failed (see above"
                        + (verify.junit == null ? "" : "; JUnit report in " + verify.junit) + ")");
            }
            if (r.exitCode != VerifierCli.OK) {
                throw new AbortException("verifyExportIndex: bad usage or unreadable input (exit " + r.exitCode + ")");
            }
            LinkedHashMap<String, Object> out = new LinkedHashMap<>();
            out.put("verified", true);
            out.put("exitCode", r.exitCode);
            out.put("summary", r.output);
            out.put("junit", verify.junit);
            out.put("follow", verify.follow);
            return out;
        }

        private static String lastLine(String s) {
            String[] lines = s.strip().split("\n");
            return lines.length == 0 ? "" : lines[lines.length - 1];
        }
    }

    static final class Result implements Serializable {
        private static final long serialVersionUID = 1L;
        final int exitCode;
        final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }

    /** The verifier's own command line, in-process on the agent, its output captured for the build log. */
    static final class Verify extends MasterToSlaveFileCallable<Result> {
        private static final long serialVersionUID = 1L;
        final String index;
        final String logKey;
        final ArrayList<String> signerKeys;
        final String bundle;
        final String state;
        final String junit;
        final String origin;
        final boolean follow;

        Verify(String index, String logKey, ArrayList<String> signerKeys, String bundle, String state, String junit,
               String origin, boolean follow) {
            this.index = index;
            this.logKey = logKey;
            this.signerKeys = signerKeys;
            this.bundle = bundle;
            this.state = state;
            this.junit = junit;
            this.origin = origin;
            this.follow = follow;
        }

        @Override
        public Result invoke(File ws, VirtualChannel channel) throws AbortException {
            if (index == null || logKey == null) {
                throw new AbortException("verifyExportIndex: the parameters 'index' and 'logKey' are required");
            }
            List<String> args = new ArrayList<>();
            String location = Workspaces.location(ws, index);
            if (bundle != null) {
                args.addAll(List.of("bundle", Workspaces.resolve(ws, bundle).toString(), "--index", location));
            } else if (follow) {
                args.addAll(List.of("follow", location));
            } else {
                args.addAll(List.of("index", location));
            }
            // A vkey is name+hash+base64; anything else names a file of them in the workspace.
            Path keyFile = logKey.contains("+") ? null : Workspaces.resolve(ws, logKey);
            args.addAll(List.of("--log-key", keyFile != null && Files.exists(keyFile) ? keyFile.toString() : logKey));
            for (String k : signerKeys) {
                args.addAll(List.of("--signer-key", Workspaces.resolve(ws, k).toString()));
            }
            if (state != null) {
                args.addAll(List.of("--state", Workspaces.resolve(ws, state).toString()));
            }
            if (junit != null) {
                args.addAll(List.of("--junit", Workspaces.resolve(ws, junit).toString()));
            }
            if (origin != null) {
                args.addAll(List.of("--origin", origin));
            }
            args.add("--quiet");
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int code;
            try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                code = VerifierCli.run(args.toArray(String[]::new), ps, ps);
            }
            return new Result(code, buf.toString(StandardCharsets.UTF_8));
        }
    }

    @Extension
    @Symbol("verifyExportIndex")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "verifyExportIndex";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Verify a Stagelight export transparency index (JUnit report)";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, TaskListener.class, Run.class);
        }
    }
}
