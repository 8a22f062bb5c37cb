package dev.stagelight.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import dev.stagelight.publisher.cli.PublisherCli;
import dev.stagelight.publisher.site.SitePaths;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteException;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import hudson.slaves.WorkspaceList;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jenkins.MasterToSlaveFileCallable;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code publishExportIndex(manifests:, index:, logKeyCredentialsId:, signingKeyCredentialsId:, gitRemote:, branch:,
 * gitCredentialsId:)}: appends the manifests to the index (as {@code publish append} does: signs unsigned statements,
 * verifies what it wrote by reading it back, renders the site), then pushes the folder to a git branch ({@code
 * publish push}: only on top of a remote checkpoint ours provably extends, never forced). Returns {@code [checkpoint:,
 * size:, entries: [urls]]}. Keys and tokens come only from Jenkins credentials; they reach the agent in memory and a
 * private temporary folder that is deleted afterwards, and are never printed.
 */
public final class PublishExportIndexStep extends Step {
    private final String manifests;
    private final String index;
    private final String logKeyCredentialsId;
    private String logKeyPasswordCredentialsId;
    private String signingKeyCredentialsId;
    private String signingKeyPasswordCredentialsId;
    private String publicUrl;
    private String gitRemote;
    private String branch = "gh-pages";
    private String gitCredentialsId;

    @DataBoundConstructor
    public PublishExportIndexStep(String manifests, String index, String logKeyCredentialsId) {
        this.manifests = manifests;
        this.index = index;
        this.logKeyCredentialsId = logKeyCredentialsId;
    }

    public String getManifests() {
        return manifests;
    }

    public String getIndex() {
        return index;
    }

    public String getLogKeyCredentialsId() {
        return logKeyCredentialsId;
    }

    public String getLogKeyPasswordCredentialsId() {
        return logKeyPasswordCredentialsId;
    }

    @DataBoundSetter
    public void setLogKeyPasswordCredentialsId(String id) {
        this.logKeyPasswordCredentialsId = blankToNull(id);
    }

    public String getSigningKeyCredentialsId() {
        return signingKeyCredentialsId;
    }

    @DataBoundSetter
    public void setSigningKeyCredentialsId(String id) {
        this.signingKeyCredentialsId = blankToNull(id);
    }

    public String getSigningKeyPasswordCredentialsId() {
        return signingKeyPasswordCredentialsId;
    }

    @DataBoundSetter
    public void setSigningKeyPasswordCredentialsId(String id) {
        this.signingKeyPasswordCredentialsId = blankToNull(id);
    }

    public String getPublicUrl() {
        return publicUrl;
    }

    @DataBoundSetter
    public void setPublicUrl(String publicUrl) {
        String u = blankToNull(publicUrl);
        this.publicUrl = u == null || u.endsWith("/") ? u : u + "/";
    }

    public String getGitRemote() {
        return gitRemote;
    }

    @DataBoundSetter
    public void setGitRemote(String gitRemote) {
        this.gitRemote = blankToNull(gitRemote);
    }

    public String getBranch() {
        return branch;
    }

    @DataBoundSetter
    public void setBranch(String branch) {
        this.branch = branch == null || branch.isBlank() ? "gh-pages" : branch;
    }

    public String getGitCredentialsId() {
        return gitCredentialsId;
    }

    @DataBoundSetter
    public void setGitCredentialsId(String id) {
        this.gitCredentialsId = blankToNull(id);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient PublishExportIndexStep step;

        Execution(StepContext context, PublishExportIndexStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            if (step.manifests == null || step.index == null || step.logKeyCredentialsId == null) {
                throw new AbortException("publishExportIndex: 'manifests', 'index' and 'logKeyCredentialsId' are required");
            }
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath ws = getContext().get(FilePath.class);
            Secrets secrets = new Secrets();
            secrets.logKey = fileCredential(run, step.logKeyCredentialsId, "logKeyCredentialsId");
            secrets.logKeyPassword = stringCredential(run, step.logKeyPasswordCredentialsId, "logKeyPasswordCredentialsId");
            secrets.signingKey = fileCredential(run, step.signingKeyCredentialsId, "signingKeyCredentialsId");
            secrets.signingKeyPassword = stringCredential(run, step.signingKeyPasswordCredentialsId,
                    "signingKeyPasswordCredentialsId");
            secrets.git = gitCredential(run, step.gitCredentialsId);
            FilePath tmp = WorkspaceList.tempDir(ws);
            tmp.mkdirs();
            Publish publish = new Publish(step.manifests, step.index, step.publicUrl, step.gitRemote, step.branch,
                    tmp.getRemote(), secrets);
            Result r;
            try {
                r = ws.act(publish);
            } finally {
                secrets.clear();
            }
            listener.getLogger().print(r.output);
            if (r.failure != null) {
                throw new AbortException("publishExportIndex: " + r.failure);
            }
            StagelightAction.of(run).recordPublication(step.index, r.checkpoint, r.size, r.entries, step.publicUrl);
            run.save();
            LinkedHashMap<String, Object> out = new LinkedHashMap<>();
            out.put("checkpoint", r.checkpoint);
            out.put("size", r.size);
            out.put("entries", new ArrayList<>(r.entries));
            out.put("pushed", step.gitRemote != null);
            return out;
        }

        private static byte[] fileCredential(Run<?, ?> run, String id, String parameter) throws IOException {
            if (id == null) {
                return null;
            }
            FileCredentials c = CredentialsProvider.findCredentialById(id, FileCredentials.class, run);
            if (c == null) {
                throw new AbortException("publishExportIndex: " + parameter + ": no secret-file credentials '" + id
                        + "' visible to this build");
            }
            CredentialsProvider.track(run, c);
            try (InputStream in = c.getContent()) {
                return in.readAllBytes();
            }
        }

        private static byte[] stringCredential(Run<?, ?> run, String id, String parameter) throws AbortException {
            if (id == null) {
                return null;
            }
            StringCredentials c = CredentialsProvider.findCredentialById(id, StringCredentials.class, run);
            if (c == null) {
                throw new AbortException("publishExportIndex: " + parameter + ": no secret-text credentials '" + id
                        + "' visible to this build");
            }
            CredentialsProvider.track(run, c);
            return c.getSecret().getPlainText().getBytes(StandardCharsets.UTF_8);
        }

        /** A git credential helper's lines: a token (secret text) or a user name and password. */
        private static byte[] gitCredential(Run<?, ?> run, String id) throws AbortException {
            if (id == null) {
                return null;
            }
            IdCredentials c = CredentialsProvider.findCredentialById(id, IdCredentials.class, run);
            String lines;
            if (c instanceof StringCredentials s) {
                lines = "token=" + s.getSecret().getPlainText() + "\n";
            } else if (c instanceof StandardUsernamePasswordCredentials u) {
                lines = "username=" + u.getUsername() + "\npassword=" + u.getPassword().getPlainText() + "\n";
            } else {
                throw new AbortException("publishExportIndex: gitCredentialsId: no secret-text or username/password"
                        + " credentials '" + id + "' visible to this build");
            }
            CredentialsProvider.track(run, c);
            return lines.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The secrets, for the agent only: serialized over the (encrypted) channel, never logged, cleared after use. */
    static final class Secrets implements Serializable {
        private static final long serialVersionUID = 1L;
        byte[] logKey;
        byte[] logKeyPassword;
        byte[] signingKey;
        byte[] signingKeyPassword;
        byte[] git;

        void clear() {
            for (byte[] b : new byte[][] {logKey, logKeyPassword, signingKey, signingKeyPassword, git}) {
                if (b != null) {
                    Arrays.fill(b, (byte) 0);
                }
            }
        }
    }

    static final class Result implements Serializable {
        private static final long serialVersionUID = 1L;
        String output = "";
        String failure;
        String checkpoint;
        long size;
        ArrayList<String> entries = new ArrayList<>();
    }

    /** On the agent: write the secrets to a private folder, run publish init/append/push, delete the folder. */
    static final class Publish extends MasterToSlaveFileCallable<Result> {
        private static final long serialVersionUID = 1L;
        private final String manifests;
        private final String index;
        private final String publicUrl;
        private final String gitRemote;
        private final String branch;
        private final String tmp;
        private final Secrets secrets;

        Publish(String manifests, String index, String publicUrl, String gitRemote, String branch, String tmp,
                Secrets secrets) {
            this.manifests = manifests;
            this.index = index;
            this.publicUrl = publicUrl;
            this.gitRemote = gitRemote;
            this.branch = branch;
            this.tmp = tmp;
            this.secrets = secrets;
        }

        @Override
        public Result invoke(File ws, VirtualChannel channel) throws IOException, InterruptedException {
            Result r = new Result();
            Path indexDir = Workspaces.resolve(ws, index);
            FilePath[] found = new FilePath(ws).list(manifests);
            List<String> files = Arrays.stream(found).map(FilePath::getRemote).sorted(Comparator.naturalOrder()).toList();
            if (files.isEmpty()) {
                r.failure = "no manifests match '" + manifests + "' in the workspace";
                return r;
            }
            Path keys = Files.createTempDirectory(Files.createDirectories(Path.of(tmp)), "stagelight-keys-");
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                restrict(keys);
                Path logKey = secret(keys, "log.key", secrets.logKey);
                List<String> logArgs = new ArrayList<>(List.of("--log-key", logKey.toString()));
                if (secrets.logKeyPassword != null) {
                    logArgs.addAll(List.of("--log-key-password-file", secret(keys, "log.pw", secrets.logKeyPassword).toString()));
                }
                long before = -1;
                if (!Files.exists(indexDir.resolve("checkpoint"))) {
                    List<String> init = new ArrayList<>(List.of("init", indexDir.toString()));
                    init.addAll(logArgs);
                    if (PublisherCli.run(ps, ps, init.toArray(String[]::new)) != 0) {
                        r.failure = "could not create the index " + index + " (see above)";
                        return r;
                    }
                }
                before = size(indexDir);
                List<String> append = new ArrayList<>(List.of("append", indexDir.toString()));
                append.addAll(logArgs);
                if (secrets.signingKey != null) {
                    append.addAll(List.of("--key", secret(keys, "signing.key", secrets.signingKey).toString()));
                    if (secrets.signingKeyPassword != null) {
                        append.addAll(List.of("--password-file",
                                secret(keys, "signing.pw", secrets.signingKeyPassword).toString()));
                    }
                }
                if (publicUrl != null) {
                    append.addAll(List.of("--public-url", publicUrl));
                }
                append.addAll(files);
                int code = PublisherCli.run(ps, ps, append.toArray(String[]::new));
                if (code != 0) {
                    r.failure = "append to " + index + " failed (exit " + code + ", see above)";
                    return r;
                }
                long after = size(indexDir);
                r.size = after;
                r.checkpoint = Files.readString(indexDir.resolve("checkpoint"), StandardCharsets.UTF_8);
                for (long seq = before; seq < after; seq++) {
                    r.entries.add((publicUrl == null ? "" : publicUrl) + SitePaths.entryPage(seq));
                }
                if (gitRemote != null) {
                    List<String> push = new ArrayList<>(List.of("push", indexDir.toString(), "--git", gitRemote,
                            "--branch", branch, "--log-vkey", indexDir.resolve("log.vkey").toString()));
                    if (secrets.git != null) {
                        push.addAll(List.of("--credentials-file", secret(keys, "git-credentials", secrets.git).toString()));
                    }
                    code = PublisherCli.run(ps, ps, push.toArray(String[]::new));
                    if (code != 0) {
                        r.failure = "push of " + index + " to " + gitRemote + " branch " + branch + " failed (exit "
                                + code + ", see above)";
                    }
                }
                return r;
            } finally {
                secrets.clear();
                new FilePath(keys.toFile()).deleteRecursive();
                r.output = buf.toString(StandardCharsets.UTF_8);
            }
        }

        private static long size(Path indexDir) throws IOException {
            try {
                String note = Files.readString(indexDir.resolve("checkpoint"), StandardCharsets.UTF_8);
                return Checkpoint.parse(note.substring(0, note.indexOf("\n\n") + 1)).size();
            } catch (NoteException | StringIndexOutOfBoundsException e) {
                throw new AbortException("publishExportIndex: " + indexDir.resolve("checkpoint") + ": not a checkpoint: "
                        + e.getMessage());
            }
        }

        private static Path secret(Path dir, String name, byte[] content) throws IOException {
            Path f = dir.resolve(name);
            Files.write(f, content);
            restrict(f);
            return f;
        }

        private static void restrict(Path p) throws IOException {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
            }
        }
    }

    @Extension
    @Symbol("publishExportIndex")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "publishExportIndex";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Append export manifests to the transparency index and publish it";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, TaskListener.class, Run.class);
        }
    }
}
