package dev.stagelight.rollout.store;

import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.Step;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The real store: a bare git repository (JGit) whose branch {@code main} holds {@code assignments.yaml},
 * {@code leases.json}, {@code rollouts/<id>/state.json} and {@code rollouts/<id>/events.jsonl}. Every transition is
 * one commit with a structured message (summary line, then trailers {@code Rollout-Id}, {@code Stage},
 * {@code Action}, {@code Actor}, {@code Status}, {@code Seq}); author time is the transition's time, so the same
 * rollout gives the same commits.
 *
 * <p>Crash safety needs no journal here: a commit's objects are written first and become visible only through one
 * compare-and-swap of the branch ref. A process killed before the ref update leaves unreachable objects (harmless,
 * {@code git gc} removes them); after it, the whole step is there.
 *
 * <p>With a remote, the remote is the authority: each commit is built on the remote's head, pushed with that head as
 * the expected old value, and the local branch moves only after the push succeeded. A push that is not a fast-forward
 * (another writer got there first) fetches the new head and rebuilds the step on it (same seq and lease checks), up to
 * {@link #PUSH_ATTEMPTS} times.
 */
public final class GitStore implements RolloutStore {
    public static final String BRANCH = "refs/heads/main";
    static final int PUSH_ATTEMPTS = 5;
    private static final String REMOTE_TRACKING = "refs/remotes/origin/main";

    private final Path dir;
    private final Repository repo;
    private final URIish remote;
    /** The remote's credentials (HTTP Basic user and password or token), or null when it needs none. */
    private final CredentialsProvider credentials;
    private int rejectedPushes;

    private GitStore(Path dir, Repository repo, URIish remote, CredentialsProvider credentials) {
        this.dir = dir;
        this.repo = repo;
        this.remote = remote;
        this.credentials = credentials;
    }

    /** Opens (creating if needed) a bare repository in {@code dir}; without a remote. */
    public static GitStore open(Path dir) throws StoreException {
        return open(dir, null);
    }

    /**
     * Opens (creating if needed) a bare repository in {@code dir}; with {@code remoteUrl} (any URL JGit can push to:
     * {@code git://}, {@code file://}, ssh, https) it first catches up with the remote's {@code main}.
     */
    public static GitStore open(Path dir, String remoteUrl) throws StoreException {
        return open(dir, remoteUrl, null);
    }

    /**
     * As {@link #open(Path, String)}, authenticating to the remote with {@code credentials} (an https remote that asks
     * for a user and password or token); null: none. The store never prints them: JGit's messages name the URL only.
     */
    public static GitStore open(Path dir, String remoteUrl, CredentialsProvider credentials) throws StoreException {
        URIish uri = null;
        if (remoteUrl != null) {
            try {
                uri = new URIish(remoteUrl);
            } catch (URISyntaxException e) {
                throw new StoreException("--remote " + remoteUrl + ": not a git URL: " + e.getMessage(), e);
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException(dir + ": cannot create the store directory: " + e.getMessage(), e);
        }
        // Creation under the store lock: two processes opening a new store at once must not both initialise it.
        Repository repo = StoreLock.with(dir.resolve("stagelight.lock"), () -> openRepository(dir));
        GitStore store = new GitStore(dir, repo, uri, credentials);
        if (uri != null) {
            StoreLock.with(dir.resolve("stagelight.lock"), () -> {
                store.catchUp();
                return null;
            });
        }
        return store;
    }

    private static Repository openRepository(Path dir) throws StoreException {
        try {
            Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
            if (!repo.getObjectDatabase().exists()) {
                repo.create(true);
                RefUpdate head = repo.updateRef(Constants.HEAD);
                head.disableRefLog();
                head.link(BRANCH);
            }
            // Durable on power loss too, not only on a killed process: fsync objects and refs as JGit writes them.
            // Set in memory only: the git CLI deprecates these keys and would warn on every command in the store.
            StoredConfig config = repo.getConfig();
            config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "fsyncObjectFiles", true);
            config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "fsyncRefFiles", true);
            return repo;
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException(dir + ": cannot open or create a git repository: " + e.getMessage(), e);
        }
    }

    @Override
    public void apply(Step step) throws StoreException {
        commit(StoreUpdate.summary(step), head -> buildCommit(step, head));
    }

    /** Builds a commit on a head; called again on the remote's new head when a push was not a fast-forward. */
    private interface CommitBuilderFn {
        ObjectId build(ObjectId head) throws StoreException;
    }

    /** Under the store lock: builds the commit on the head and moves the branch (pushing first with a remote). */
    private void commit(String why, CommitBuilderFn fn) throws StoreException {
        StoreLock.with(dir.resolve("stagelight.lock"), () -> {
            for (int attempt = 1; ; attempt++) {
                ObjectId head = head();
                ObjectId commit = fn.build(head);
                CrashPoints.reach("git.objects-written");
                if (remote == null) {
                    moveBranch(head, commit, false, why);
                    CrashPoints.reach("git.ref-updated");
                    return null;
                }
                if (push(head, commit)) {
                    CrashPoints.reach("git.pushed");
                    moveBranch(head, commit, false, why);
                    return null;
                }
                rejectedPushes++;
                if (attempt == PUSH_ATTEMPTS) {
                    throw new ConflictException(remote + ": push of " + why + " rejected "
                            + attempt + " times (the remote keeps moving); try again");
                }
                catchUp();
            }
        });
    }

    /** The commit the branch points at, or null for an empty repository. */
    public ObjectId head() throws StoreException {
        try {
            Ref ref = repo.exactRef(BRANCH);
            return ref == null ? null : ref.getObjectId();
        } catch (IOException e) {
            throw new StoreException(dir + ": cannot read " + BRANCH + ": " + e.getMessage(), e);
        }
    }

    /** Pushes the remote refused as not fast-forward since this store was opened (each was rebuilt on the new head). */
    public int rejectedPushes() {
        return rejectedPushes;
    }

    /** The repository (read access for callers that show history, e.g. tests comparing trees). */
    public Repository repository() {
        return repo;
    }

    @Override
    public Optional<RolloutState> load(String rolloutId) throws StoreException {
        String path = StoreUpdate.statePath(rolloutId);
        byte[] b = readAt(head(), path);
        return b == null ? Optional.empty() : Optional.of(StateCodec.read(b, where(path)));
    }

    @Override
    public List<String> rolloutIds() throws StoreException {
        ObjectId head = head();
        List<String> ids = new ArrayList<>();
        if (head == null) {
            return ids;
        }
        try (RevWalk rw = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(rw.parseCommit(head).getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                String p = tw.getPathString();
                if (p.startsWith("rollouts/") && p.endsWith("/state.json")) {
                    ids.add(p.substring("rollouts/".length(), p.length() - "/state.json".length()));
                }
            }
        } catch (IOException e) {
            throw new StoreException(dir + ": cannot list rollouts: " + e.getMessage(), e);
        }
        return ids;
    }

    @Override
    public Assignments assignments() throws StoreException {
        return assignmentsAt(head());
    }

    /** The assignments as of a commit (null: empty). */
    public Assignments assignmentsAt(ObjectId commit) throws StoreException {
        byte[] b = readAt(commit, Assignments.FILE);
        return b == null ? Assignments.EMPTY : Assignments.parse(b, where(Assignments.FILE));
    }

    @Override
    public SortedMap<String, String> leases() throws StoreException {
        return StoreUpdate.readLeases(readAt(head(), StoreUpdate.LEASES_FILE), where(StoreUpdate.LEASES_FILE));
    }

    @Override
    public List<String> events(String rolloutId) throws StoreException {
        byte[] b = readAt(head(), eventsPath(rolloutId));
        if (b == null) {
            return List.of();
        }
        return Arrays.stream(new String(b, StandardCharsets.UTF_8).split("\n")).filter(l -> !l.isEmpty()).toList();
    }

    @Override
    public RemediationRecord remediation(String scope) throws StoreException {
        return remediationAt(head(), scope);
    }

    private RemediationRecord remediationAt(ObjectId commit, String scope) throws StoreException {
        String path = StoreUpdate.remediationDir(scope) + "/state.json";
        byte[] b = readAt(commit, path);
        if (b == null) {
            return RemediationRecord.EMPTY;
        }
        try {
            Map<?, ?> doc = StateCodec.mapper().readValue(b, Map.class);
            return new RemediationRecord(((Number) doc.get("seq")).longValue(), (String) doc.get("state"));
        } catch (IOException | ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new StoreException(where(path) + ": expected {\"seq\": n, \"state\": \"...\"}: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> remediationEvidence(String scope) throws StoreException {
        ObjectId head = head();
        long seq = remediationAt(head, scope).seq();
        List<String> lines = new ArrayList<>();
        for (long bucket = 0; bucket <= (seq - 1) / EVIDENCE_BUCKET && seq > 0; bucket++) {
            String path = evidencePath(scope, bucket * EVIDENCE_BUCKET + 1);
            byte[] b = readAt(head, path);
            if (b == null) {
                throw new StoreException(where(path) + ": missing evidence (the log must stay whole)");
            }
            Arrays.stream(new String(b, StandardCharsets.UTF_8).split("\n")).filter(l -> !l.isEmpty()).forEach(lines::add);
        }
        return lines;
    }

    /** Evidence goes into one file per 1,000 evaluations, so a commit rewrites a bounded file, never the whole log. */
    private static final long EVIDENCE_BUCKET = 1000;

    private static String evidencePath(String scope, long seq) {
        return StoreUpdate.remediationDir(scope) + "/evidence/" + String.format("%010d", (seq - 1) / EVIDENCE_BUCKET
                * EVIDENCE_BUCKET + 1) + ".jsonl";
    }

    /** One commit holding the new state and the evidence log with the new lines appended. */
    @Override
    public void recordRemediation(String scope, long expectedSeq, String state, List<String> evidence, java.time.Instant at)
            throws StoreException {
        String text = RemediationRecord.text(evidence);
        String base = StoreUpdate.remediationDir(scope);
        long seq = expectedSeq + 1;
        String summary = "remediation " + scope + ": evaluation " + seq + " (" + evidence.size() + " decisions)";
        commit(summary, head -> {
            StoreUpdate.checkRemediationSeq(scope, remediationAt(head, scope).seq(), expectedSeq);
            byte[] old = readAt(head, evidencePath(scope, seq));
            Map<String, byte[]> files = new LinkedHashMap<>();
            try {
                files.put(base + "/state.json", (StateCodec.mapper().writeValueAsString(Map.of("seq", seq, "state", state))
                        + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new StoreException(where(base + "/state.json") + ": " + e.getMessage(), e);
            }
            files.put(evidencePath(scope, seq), ((old == null ? "" : new String(old, StandardCharsets.UTF_8)) + text)
                    .getBytes(StandardCharsets.UTF_8));
            PersonIdent who = new PersonIdent("stagelight remediation", "remediation@stagelight.invalid", at, ZoneOffset.UTC);
            try (ObjectInserter ins = repo.newObjectInserter()) {
                ObjectId tree = writeTree(head, files, ins);
                ObjectId commit = insertCommit(ins, tree, head, who, summary + "\n\nRemediation-Scope: " + scope
                        + "\nSeq: " + seq + "\n");
                ins.flush();
                return commit;
            } catch (IOException e) {
                throw new StoreException(dir + ": cannot write the commit for " + summary + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public String describe() {
        return "git store " + dir + (remote == null ? "" : " (remote " + remote + ")");
    }

    @Override
    public void close() {
        repo.close();
    }

    private ObjectId buildCommit(Step step, ObjectId head) throws StoreException {
        String id = step.rolloutId();
        StoreUpdate u = StoreUpdate.prepare(step, readState(head, id), assignmentsAt(head),
                StoreUpdate.readLeases(readAt(head, StoreUpdate.LEASES_FILE), where(StoreUpdate.LEASES_FILE)));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(Assignments.FILE, u.assignments());
        files.put(StoreUpdate.LEASES_FILE, u.leases());
        files.put(StoreUpdate.statePath(id), u.state());
        if (!u.events().isEmpty()) {
            byte[] old = readAt(head, eventsPath(id));
            String all = (old == null ? "" : new String(old, StandardCharsets.UTF_8)) + u.events();
            files.put(eventsPath(id), all.getBytes(StandardCharsets.UTF_8));
        }
        PersonIdent who = new PersonIdent("stagelight rollout engine", "rollout-engine@stagelight.invalid",
                step.state().updatedAt(), ZoneOffset.UTC);
        try (ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId tree = writeTree(head, files, ins);
            ObjectId commit = insertCommit(ins, tree, head, who, message(step));
            ins.flush();
            return commit;
        } catch (IOException e) {
            throw new StoreException(dir + ": cannot write the commit for " + StoreUpdate.summary(step) + ": "
                    + e.getMessage(), e);
        }
    }

    private static String message(Step step) {
        return StoreUpdate.summary(step) + "\n\n"
                + "Rollout-Id: " + step.rolloutId() + "\n"
                + (step.stage() == null ? "" : "Stage: " + step.stage() + "\n")
                + "Action: " + step.action() + "\n"
                + "Actor: " + step.actor() + "\n"
                + "Status: " + step.state().status().wire() + "\n"
                + "Seq: " + step.state().seq() + "\n";
    }

    private ObjectId writeTree(ObjectId head, Map<String, byte[]> files, ObjectInserter ins) throws IOException {
        DirCache dc = DirCache.newInCore();
        if (head != null) {
            DirCacheBuilder b = dc.builder();
            try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
                b.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, rw.parseCommit(head).getTree());
            }
            b.finish();
        }
        DirCacheEditor ed = dc.editor();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            ObjectId blob = ins.insert(Constants.OBJ_BLOB, f.getValue());
            ed.add(new DirCacheEditor.PathEdit(f.getKey()) {
                @Override
                public void apply(DirCacheEntry e) {
                    e.setFileMode(FileMode.REGULAR_FILE);
                    e.setObjectId(blob);
                }
            });
        }
        ed.finish();
        return dc.writeTree(ins);
    }

    private static ObjectId insertCommit(ObjectInserter ins, ObjectId tree, ObjectId parent, PersonIdent who,
                                         String message) throws IOException {
        CommitBuilder cb = new CommitBuilder();
        cb.setTreeId(tree);
        if (parent != null) {
            cb.setParentId(parent);
        }
        cb.setAuthor(who);
        cb.setCommitter(who);
        cb.setMessage(message);
        return ins.insert(cb);
    }

    /**
     * Compare-and-swap of the branch: refused (ConflictException) if someone else moved it since {@code expected}.
     * Callers hold the store lock.
     */
    private void moveBranch(ObjectId expected, ObjectId to, boolean force, String why) throws StoreException {
        try {
            // A writer killed inside a ref update leaves refs/heads/main.lock, and JGit then refuses every later update
            // (LOCK_FAILURE) for good. Every writer of this store holds the store lock, so under it that file is stale:
            // its owner is dead and the ref itself still holds the old or the new commit, never a mix.
            Files.deleteIfExists(dir.resolve(BRANCH + ".lock"));
            RefUpdate ru = repo.updateRef(BRANCH);
            ru.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
            ru.setNewObjectId(to);
            ru.setForceUpdate(force);
            ru.setRefLogMessage(why, false);
            RefUpdate.Result r = ru.update();
            switch (r) {
                case NEW, FAST_FORWARD, FORCED, NO_CHANGE:
                    return;
                default:
                    throw new ConflictException(dir + ": " + BRANCH + " moved while applying " + why + " (" + r + "); reload and retry");
            }
        } catch (IOException e) {
            throw new StoreException(dir + ": cannot update " + BRANCH + ": " + e.getMessage(), e);
        }
    }

    /** Pushes {@code commit} to the remote's main if the remote still has {@code expectedOld}; false when it moved. */
    private boolean push(ObjectId expectedOld, ObjectId commit) throws StoreException {
        try (Transport t = transport()) {
            RemoteRefUpdate u = new RemoteRefUpdate(repo, null, commit, BRANCH, false, null,
                    expectedOld == null ? ObjectId.zeroId() : expectedOld);
            PushResult r = t.push(NullProgressMonitor.INSTANCE, List.of(u));
            RemoteRefUpdate.Status s = r.getRemoteUpdate(BRANCH).getStatus();
            switch (s) {
                case OK, UP_TO_DATE:
                    return true;
                case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED:
                    return false;
                default:
                    throw new StoreException(remote + ": push rejected (" + s + "): " + r.getRemoteUpdate(BRANCH).getMessage());
            }
        } catch (IOException e) {
            throw new StoreException(remote + ": cannot push: " + e.getMessage(), e);
        }
    }

    private Transport transport() throws IOException {
        Transport t = Transport.open(repo, remote);
        if (credentials != null) {
            t.setCredentialsProvider(credentials);
        }
        return t;
    }

    /** Fetches the remote's main and points the local branch at it (the remote is the authority). */
    private void catchUp() throws StoreException {
        try (Transport t = transport()) {
            try (FetchConnection c = t.openFetch()) {
                if (c.getRef(BRANCH) == null) {
                    return; // an empty remote: the first push creates its main
                }
            }
            FetchResult r = t.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec("+" + BRANCH + ":" + REMOTE_TRACKING)));
            Ref advertised = r.getAdvertisedRef(BRANCH);
            if (advertised != null) {
                moveBranch(head(), advertised.getObjectId(), true, "catch up with " + remote);
            }
        } catch (IOException e) {
            throw new StoreException(remote + ": cannot fetch: " + e.getMessage(), e);
        }
    }

    private Optional<RolloutState> readState(ObjectId commit, String rolloutId) throws StoreException {
        String path = StoreUpdate.statePath(rolloutId);
        byte[] b = readAt(commit, path);
        return b == null ? Optional.empty() : Optional.of(StateCodec.read(b, where(path)));
    }

    private byte[] readAt(ObjectId commit, String path) throws StoreException {
        if (commit == null) {
            return null;
        }
        try (RevWalk rw = new RevWalk(repo)) {
            RevCommit c = rw.parseCommit(commit);
            try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
                return tw == null ? null : repo.open(tw.getObjectId(0), Constants.OBJ_BLOB).getBytes();
            }
        } catch (IOException e) {
            throw new StoreException(where(path) + ": cannot read: " + e.getMessage(), e);
        }
    }

    private String where(String path) {
        return dir + ":" + BRANCH + ":" + path;
    }

    private static String eventsPath(String rolloutId) {
        return StoreUpdate.rolloutDir(rolloutId) + "/events.jsonl";
    }
}
