package dev.stagelight.publisher.publish;

import dev.stagelight.publisher.append.StateDir;
import dev.stagelight.verifier.check.SignedCheckpoint;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.NoteVerifierKey;
import dev.stagelight.verifier.source.DirectorySource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Publishes an index folder to a branch of a git remote (GitHub Pages' {@code gh-pages}, say). The work happens in a
 * private bare repository in the index's state folder ({@code <index>.state/git}): fetch the branch, check that our
 * checkpoint provably extends the one on it ({@link RemoteCheckpointCheck}), write the folder as a tree, commit it on
 * top of the fetched head (only if the tree changed) and push with that head as the expected old value. Never a
 * force-push: when another publisher moved the branch in between, the push is rejected, and the whole round (fetch,
 * check, commit on the new head) runs again, at most {@code maxRetries} more times. The append lock is held
 * throughout, so an append to this index cannot change the folder while it is read.
 */
public final class GitPublisher {
    /** Where the remote branch is fetched to in the private repository. */
    static final String TRACKING = "refs/stagelight/remote/";
    /** The stat cache of the folder's files ({@link StatCache}), in the work area. */
    static final String STAT_CACHE = "stagelight-stat-cache";
    private static final int MAX_CHECKPOINT_BYTES = 1 << 20;
    private static final int TIMEOUT_SECONDS = 300;
    private static final PersonIdent IDENT_TEMPLATE = new PersonIdent("Stagelight publisher", "publisher@stagelight.invalid");

    /** Told after a commit is built, just before it is pushed: the race tests make another publisher win there. */
    @FunctionalInterface
    public interface BeforePush {
        BeforePush NONE = attempt -> {};

        void beforePush(int attempt) throws Exception;
    }

    /** What to publish where, and whom to trust for the remote's checkpoint. */
    public record Request(Path index, StateDir state, GitRemote remote, String branch, Optional<String> message,
            int maxRetries, GitCredentials credentials, List<NoteVerifierKey> trustedLogKeys) {
        public Request {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(remote, "remote");
            Objects.requireNonNull(credentials, "credentials");
            message = Objects.requireNonNullElse(message, Optional.empty());
            trustedLogKeys = List.copyOf(trustedLogKeys);
        }
    }

    public enum Result {
        /** The branch did not exist; it was created. */
        CREATED,
        /** A new commit was pushed onto the branch. */
        PUSHED,
        /** The branch already held exactly this folder; nothing was committed. */
        UP_TO_DATE
    }

    /**
     * @param commit       the branch head afterwards
     * @param parent       the remote head the commit was built on (empty for a new branch or when up to date)
     * @param attempts     rounds run (1 when nobody raced us)
     * @param remoteBefore the remote's checkpoint that ours was shown to extend, when it had one
     * @param established  what the check of the remote's checkpoint found, in words
     */
    public record Outcome(Result result, ObjectId commit, Optional<ObjectId> parent, int attempts, Checkpoint published,
            Optional<Checkpoint> remoteBefore, String established, long files, long bytes) {}

    private final Request request;
    private final String branchRef;
    private final PrintStream progress;
    private final BeforePush hook;

    public GitPublisher(Request request, PrintStream progress, BeforePush hook) throws PublishException {
        this.request = request;
        this.branchRef = Constants.R_HEADS + request.branch();
        if (!Repository.isValidRefName(branchRef) || request.branch().startsWith("-")) {
            throw new PublishException("--branch: \"" + request.branch() + "\" is not a valid git branch name");
        }
        if (request.maxRetries() < 0) {
            throw new PublishException("--max-retries: must be 0 or more, got " + request.maxRetries());
        }
        if (request.trustedLogKeys().isEmpty()) {
            throw new PublishException("no trusted log key to check checkpoints with");
        }
        this.progress = progress;
        this.hook = hook;
    }

    public Outcome push() throws PublishException, PushRefusedException, PushGaveUpException {
        request.remote().requireSafeFor(request.credentials());
        DirectorySource index;
        try {
            index = new DirectorySource(request.index());
        } catch (IOException e) {
            throw new PublishException(request.index() + ": not an index folder: " + FolderTree.describe(e), e);
        }
        try (StateDir.Lock lock = lock(); Repository repo = openWorkRepository()) {
            SignedCheckpoint ours = ourCheckpoint(index);
            RemoteCheckpointCheck check = new RemoteCheckpointCheck(request.trustedLogKeys(), ours, index);
            FolderTree.Written tree = null;
            int attempts = request.maxRetries() + 1;
            for (int attempt = 1; attempt <= attempts; attempt++) {
                Optional<ObjectId> head = fetch(repo);
                Optional<Checkpoint> before = Optional.empty();
                String established;
                if (head.isEmpty()) {
                    established = "the remote has no branch " + request.branch() + " yet";
                } else {
                    byte[] note = readCheckpoint(repo, head.get());
                    if (note == null) {
                        established = "the remote branch has no checkpoint yet";
                    } else {
                        established = check.check(note, describeRemote(head.get()));
                        before = Optional.of(parseVerified(note));
                    }
                }
                if (tree == null) {
                    StatCache cache = StatCache.open(repo.getDirectory().toPath().resolve(STAT_CACHE));
                    try {
                        tree = FolderTree.write(request.index(), ours.note(), IndexLayout.CHECKPOINT, repo, cache);
                    } finally {
                        cache.close();
                    }
                }
                if (head.isPresent() && treeOf(repo, head.get()).equals(tree.tree())) {
                    return new Outcome(Result.UP_TO_DATE, head.get(), Optional.empty(), attempt, ours.checkpoint(),
                            before, established, tree.files(), tree.bytes());
                }
                ObjectId commit = commit(repo, tree.tree(), head, ours.checkpoint());
                try {
                    hook.beforePush(attempt);
                } catch (Exception e) {
                    throw new IllegalStateException("before-push hook failed", e);
                }
                Optional<String> rejected = push(repo, head, commit);
                if (rejected.isEmpty()) {
                    keep(repo, commit);
                    return new Outcome(head.isEmpty() ? Result.CREATED : Result.PUSHED, commit, head, attempt,
                            ours.checkpoint(), before, established, tree.files(), tree.bytes());
                }
                progress.println("push " + attempt + " of " + attempts + " rejected: " + rejected.get()
                        + (attempt < attempts ? "; fetching the new head and trying again" : ""));
            }
            throw new PushGaveUpException("gave up after " + attempts + " pushes to " + request.remote() + " branch "
                    + request.branch() + ": every one was rejected because the branch had moved; run the push again");
        } catch (IOException e) {
            throw new PublishException(request.state().path() + ": " + FolderTree.describe(e), e);
        }
    }

    private StateDir.Lock lock() throws PublishException {
        try {
            return request.state().lock();
        } catch (IOException e) {
            throw new PublishException(FolderTree.describe(e), e);
        }
    }

    private SignedCheckpoint ourCheckpoint(DirectorySource index) throws PublishException {
        String where = index.describe(IndexLayout.CHECKPOINT);
        byte[] note;
        try {
            note = index.read(IndexLayout.CHECKPOINT);
        } catch (IOException e) {
            throw new PublishException(where + ": cannot read the index's checkpoint: " + FolderTree.describe(e), e);
        }
        try {
            return SignedCheckpoint.open(note, request.trustedLogKeys(), where);
        } catch (NoteException e) {
            throw new PublishException(e.getMessage() + " (is --log-vkey this log's verifier key?)", e);
        }
    }

    private static Checkpoint parseVerified(byte[] note) throws PublishException {
        try {
            return Checkpoint.parse(dev.stagelight.verifier.note.SignedNote.parse(note).text());
        } catch (NoteException e) {
            throw new PublishException("the remote's checkpoint stopped parsing: " + e.getMessage(), e);
        }
    }

    /** The private bare repository, created on first use. */
    private Repository openWorkRepository() throws PublishException {
        Path dir = request.state().path().resolve("git");
        try {
            Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
            if (!repo.getObjectDatabase().exists()) {
                repo.create(true);
            }
            return repo;
        } catch (IOException | IllegalStateException e) {
            throw new PublishException(dir + ": cannot open the publisher's git work area: " + e.getMessage(), e);
        }
    }

    private Transport open(Repository repo) throws IOException {
        Transport t = Transport.open(repo, request.remote().uri());
        t.setTimeout(TIMEOUT_SECONDS);
        request.credentials().provider().ifPresent(t::setCredentialsProvider);
        return t;
    }

    /** Fetches the branch into the private repository; empty when the remote has no such branch. */
    private Optional<ObjectId> fetch(Repository repo) throws PublishException {
        try (Transport t = open(repo)) {
            try (FetchConnection c = t.openFetch()) {
                if (c.getRef(branchRef) == null) {
                    return Optional.empty();
                }
            }
            FetchResult r = t.fetch(NullProgressMonitor.INSTANCE,
                    List.of(new RefSpec("+" + branchRef + ":" + TRACKING + request.branch())));
            Ref advertised = r.getAdvertisedRef(branchRef);
            return Optional.ofNullable(advertised).map(Ref::getObjectId);
        } catch (IOException e) {
            throw new PublishException(request.remote() + ": cannot fetch branch " + request.branch() + ": "
                    + remoteMessage(e), e);
        }
    }

    /** The remote head as advertised now (to tell "the branch moved" from other rejections). */
    private Optional<ObjectId> advertisedHead(Repository repo) throws PublishException {
        try (Transport t = open(repo); FetchConnection c = t.openFetch()) {
            return Optional.ofNullable(c.getRef(branchRef)).map(Ref::getObjectId);
        } catch (IOException e) {
            throw new PublishException(request.remote() + ": cannot list branches: " + remoteMessage(e), e);
        }
    }

    /** Pushes {@code commit} if the branch is still at {@code expected}; the reason when it was rejected because it moved. */
    private Optional<String> push(Repository repo, Optional<ObjectId> expected, ObjectId commit) throws PublishException {
        RemoteRefUpdate.Status status;
        String message;
        try (Transport t = open(repo)) {
            RemoteRefUpdate u = new RemoteRefUpdate(repo, null, commit, branchRef, false, null,
                    expected.orElse(ObjectId.zeroId()));
            PushResult r = t.push(NullProgressMonitor.INSTANCE, List.of(u));
            RemoteRefUpdate done = r.getRemoteUpdate(branchRef);
            status = done.getStatus();
            message = done.getMessage();
        } catch (IOException e) {
            throw new PublishException(request.remote() + ": cannot push to branch " + request.branch() + ": "
                    + remoteMessage(e), e);
        }
        switch (status) {
            case OK:
                return Optional.empty();
            case REJECTED_NONFASTFORWARD:
            case REJECTED_REMOTE_CHANGED:
                return Optional.of("the branch moved since it was fetched (" + status + ")");
            case REJECTED_OTHER_REASON:
                // A server that lost the compare-and-swap says "failed to lock" or similar; only a moved branch is retried.
                if (!advertisedHead(repo).equals(expected)) {
                    return Optional.of("the branch moved while we pushed (" + message + ")");
                }
                throw new PublishException(request.remote() + ": push to branch " + request.branch() + " rejected: "
                        + message);
            default:
                throw new PublishException(request.remote() + ": push to branch " + request.branch() + " failed ("
                        + status + (message == null ? "" : ": " + message) + ")");
        }
    }

    private ObjectId commit(Repository repo, ObjectId tree, Optional<ObjectId> parent, Checkpoint cp)
            throws IOException {
        PersonIdent ident = new PersonIdent(IDENT_TEMPLATE, java.time.Instant.now());
        CommitBuilder c = new CommitBuilder();
        c.setTreeId(tree);
        parent.ifPresent(c::setParentId);
        c.setAuthor(ident);
        c.setCommitter(ident);
        String msg = request.message().orElse("Publish checkpoint " + cp.size() + " of " + cp.origin() + "\n\nRoot hash: "
                + Base64.getEncoder().encodeToString(cp.rootHash()) + "\n");
        c.setMessage(msg.endsWith("\n") ? msg : msg + "\n");
        c.setEncoding(StandardCharsets.UTF_8);
        try (ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId id = ins.insert(c);
            ins.flush();
            return id;
        }
    }

    /** Points a local ref at what was pushed, so the objects stay and the next fetch has a base. */
    private void keep(Repository repo, ObjectId commit) throws IOException {
        RefUpdate u = repo.updateRef(TRACKING + request.branch());
        u.setNewObjectId(commit);
        u.setForceUpdate(true);
        u.update();
    }

    private static ObjectId treeOf(Repository repo, ObjectId commit) throws IOException {
        try (RevWalk rw = new RevWalk(repo)) {
            return rw.parseCommit(commit).getTree().getId();
        }
    }

    /** The {@code checkpoint} file of the remote head, or null when it has none. */
    private static byte[] readCheckpoint(Repository repo, ObjectId head) throws IOException, PublishException {
        try (RevWalk rw = new RevWalk(repo)) {
            RevCommit c = rw.parseCommit(head);
            try (TreeWalk tw = TreeWalk.forPath(repo, IndexLayout.CHECKPOINT, c.getTree())) {
                if (tw == null || (tw.getRawMode(0) & org.eclipse.jgit.lib.FileMode.TYPE_MASK)
                        != org.eclipse.jgit.lib.FileMode.TYPE_FILE) {
                    return null;
                }
                ObjectLoader l = repo.open(tw.getObjectId(0), Constants.OBJ_BLOB);
                if (l.getSize() > MAX_CHECKPOINT_BYTES) {
                    throw new PublishException("the remote's checkpoint at commit " + head.name() + " is " + l.getSize()
                            + " bytes; not a checkpoint");
                }
                return l.getBytes();
            }
        }
    }

    /** JGit's message without the URL it repeats, and with what to do when credentials are wanted. */
    private String remoteMessage(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String prefix = request.remote().uri() + ": ";
        if (m.startsWith(prefix)) {
            m = m.substring(prefix.length());
        }
        if (m.contains("no CredentialsProvider")) {
            m = "the remote asks for credentials; give them with --credentials-file or " + GitCredentials.ENV_USERNAME
                    + " and " + GitCredentials.ENV_PASSWORD + " (or " + GitCredentials.ENV_TOKEN + ")";
        } else if (m.contains("not authorized")) {
            m = m + " (credentials from " + request.credentials().source() + ")";
        }
        return m;
    }

    private String describeRemote(ObjectId head) {
        return request.remote() + " branch " + request.branch() + " (commit " + head.abbreviate(12).name() + "): "
                + IndexLayout.CHECKPOINT;
    }
}
