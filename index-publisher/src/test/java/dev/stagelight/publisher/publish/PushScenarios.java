package dev.stagelight.publisher.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.append.StateDir;
import dev.stagelight.publisher.cli.PublisherCli;
import dev.stagelight.publisher.testing.TestIndex;
import dev.stagelight.verifier.check.IndexVerifier;
import dev.stagelight.verifier.check.Report;
import dev.stagelight.verifier.check.Trust;
import dev.stagelight.verifier.io.AtomicFiles;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.source.DirectorySource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code push} must do against a real remote, run once per kind of remote (a local bare repository, a
 * {@code git daemon} on loopback): create the branch, publish exactly the folder, commit only changes, build on the
 * remote head, and refuse (exit 1, both checkpoints printed) a remote whose checkpoint ours does not extend; with
 * two publishers racing, the one that is ahead retries on the winner's head and the one that is behind or forked is
 * refused. The remote is inspected with Debian's git, not JGit.
 */
abstract class PushScenarios {
    static final String BRANCH = "gh-pages";

    @TempDir Path tmp;
    TestIndex a;
    Path bare;

    /** The URL or path that reaches the bare repository {@code bare}. */
    abstract String url(Path bare) throws Exception;

    @BeforeEach
    void log() throws Exception {
        a = TestIndex.create(tmp.resolve("a"));
        Logs.append(a, a.index, "first", 5);
        bare = GitCli.initBare(tmp.resolve("served").resolve("site.git"));
    }

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    Run push(Path index, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("push", index.toString(), "--git", url(bare), "--branch",
                BRANCH));
        if (!List.of(extra).contains("--log-vkey")) {
            args.addAll(List.of("--log-vkey", a.logKey.verifierKey().encode()));
        }
        args.addAll(List.of(extra));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = PublisherCli.run(args.toArray(String[]::new));
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    GitPublisher publisher(Path index, int maxRetries, GitPublisher.BeforePush hook) throws Exception {
        GitPublisher.Request r = new GitPublisher.Request(index, StateDir.besides(index), GitRemote.parse(url(bare)),
                BRANCH, Optional.empty(), maxRetries, GitCredentials.none(), List.of(a.logKey.verifierKey()));
        return new GitPublisher(r, System.err, hook);
    }

    static String summary(Checkpoint c) {
        return "origin " + c.origin() + ", size " + c.size() + ", root hash "
                + Base64.getEncoder().encodeToString(c.rootHash());
    }

    /** Both checkpoints on stderr, and the remote branch where it was. */
    void assertRefused(Run r, Checkpoint ours, Checkpoint remote, String head, String reason) throws Exception {
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains(reason), r::toString);
        assertTrue(r.err().contains("  ours:   ") && r.err().contains(summary(ours)), r::toString);
        assertTrue(r.err().contains("  remote: ") && r.err().contains(summary(remote)), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
        assertEquals(head, GitCli.log(bare, BRANCH).get(0), "the remote branch must not move");
    }

    private static Set<String> publishable(Path index) throws Exception {
        try (Stream<Path> s = Files.walk(index)) {
            return s.filter(Files::isRegularFile).filter(p -> !AtomicFiles.isTempFile(p))
                    .map(p -> index.relativize(p).toString().replace('\\', '/')).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void createsTheBranchWithExactlyTheFolderAndItVerifiesFromAClone() throws Exception {
        Path leftover = AtomicFiles.tempFileOf(a.index.resolve("checkpoint"));
        Files.writeString(leftover, "an interrupted write");
        Run r = push(a.index);
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("created branch gh-pages on ") && r.out().contains("checkpoint 5 of "
                + TestIndex.ORIGIN), r::toString);

        Set<String> expected = publishable(a.index);
        expected.add(FolderTree.NO_JEKYLL);
        assertEquals(expected, new TreeSet<>(GitCli.files(bare, BRANCH)));
        assertFalse(GitCli.files(bare, BRANCH).contains(a.index.relativize(leftover).toString()));
        assertEquals(Files.readString(a.index.resolve("checkpoint")), GitCli.show(bare, BRANCH, "checkpoint"));
        assertEquals(1, GitCli.log(bare, BRANCH).size());
        GitCli.git(bare, "--git-dir=" + bare, "fsck", "--strict", "--no-dangling");

        // What a reader of the published branch gets is the index, and it verifies.
        Path clone = tmp.resolve("clone");
        GitCli.git(tmp, "clone", "--quiet", "--branch", BRANCH, bare.toString(), clone.toString());
        Report report = new IndexVerifier(new Trust(List.of(a.logKey.verifierKey()), List.of(a.signer.publicKey()),
                Optional.empty()), 1, n -> {}).verify(new DirectorySource(clone));
        assertTrue(report.verified(), report::toString);
        assertEquals(5, report.treeSize());
    }

    @Test
    void anUnchangedFolderIsNotCommittedAgain() throws Exception {
        assertEquals(0, push(a.index).code());
        String head = GitCli.log(bare, BRANCH).get(0);
        Run again = push(a.index);
        assertEquals(0, again.code(), again::toString);
        assertTrue(again.out().contains("already holds this folder") && again.out().contains(head), again::toString);
        assertEquals(List.of(head), GitCli.log(bare, BRANCH));
    }

    @Test
    void theNextPushReplacesTheTreeOnTopOfTheRemoteHead() throws Exception {
        Path page = a.index.resolve("old-page.html");
        Files.writeString(page, "<p>rendered once</p>");
        assertEquals(0, push(a.index).code());
        String first = GitCli.log(bare, BRANCH).get(0);
        assertTrue(GitCli.files(bare, BRANCH).contains("old-page.html"));

        Files.delete(page);
        Checkpoint grown = Logs.append(a, a.index, "second", 3);
        Run r = push(a.index, "--message", "Site for checkpoint 8");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("pushed checkpoint 8 of " + TestIndex.ORIGIN) && r.out().contains(" on " + first),
                r::toString);
        assertTrue(r.out().contains("extends"), "the consistency proof is reported: " + r);
        List<String> log = GitCli.log(bare, BRANCH);
        assertEquals(2, log.size());
        assertEquals(first, GitCli.git(bare, "--git-dir=" + bare, "rev-parse", BRANCH + "^").strip());
        assertEquals("Site for checkpoint 8\n", GitCli.git(bare, "--git-dir=" + bare, "log", "-1", "--format=%B", BRANCH)
                .replaceAll("\n+$", "\n"));
        assertFalse(GitCli.files(bare, BRANCH).contains("old-page.html"), "files gone from the folder are gone");
        assertEquals(8, grown.size());
        assertEquals(Files.readString(a.index.resolve("checkpoint")), GitCli.show(bare, BRANCH, "checkpoint"));
    }

    @Test
    void aFileRewrittenWithTheSameSizeIsPublishedAgain() throws Exception {
        Path page = a.index.resolve("about.html");
        Files.writeString(page, "<p>version 1</p>");
        assertEquals(0, push(a.index).code());
        // Replaced as the site writer does (a new file renamed into place), same length, later time.
        Path next = tmp.resolve("about.next");
        Files.writeString(next, "<p>version 2</p>");
        Files.setLastModifiedTime(next, java.nio.file.attribute.FileTime.from(
                Files.getLastModifiedTime(page).toInstant().plusSeconds(1)));
        Files.move(next, page, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Run r = push(a.index);
        assertEquals(0, r.code(), r::toString);
        assertEquals("<p>version 2</p>", GitCli.show(bare, BRANCH, "about.html"));
        assertEquals(2, GitCli.log(bare, BRANCH).size());
    }

    @Test
    void aRemoteThatIsAheadIsRefused() throws Exception {
        Path b = Logs.copy(a.index, tmp.resolve("b").resolve("index"));
        Checkpoint bigger = Logs.append(a, b, "ahead", 3);
        assertEquals(0, push(b).code());
        String head = GitCli.log(bare, BRANCH).get(0);
        assertRefused(push(a.index), Logs.checkpointOf(a.index), bigger, head, "the remote is ahead of this index");
    }

    @Test
    void aForkIsRefusedAtTheSameSizeAndAtAnotherSize() throws Exception {
        Path fork = Logs.copy(a.index, tmp.resolve("fork").resolve("index"));
        Checkpoint forked = Logs.append(a, fork, "fork", 3);
        assertEquals(0, push(fork).code());
        String head = GitCli.log(bare, BRANCH).get(0);

        Checkpoint same = Logs.append(a, a.index, "main", 3);
        assertEquals(forked.size(), same.size());
        assertRefused(push(a.index), same, forked, head, "the log forked");

        Checkpoint longer = Logs.append(a, a.index, "more", 4);
        Run r = push(a.index);
        assertRefused(r, longer, forked, head, "the log forked");
        assertTrue(r.err().contains("not consistent"), r::toString);
    }

    @Test
    void anotherLogsCheckpointIsRefused() throws Exception {
        // Signed by a key we do not trust, under the same origin.
        TestIndex stranger = TestIndex.create(tmp.resolve("stranger"));
        Logs.append(stranger, stranger.index, "x", 2);
        Path vkeys = tmp.resolve("strangers.vkey");
        Files.writeString(vkeys, stranger.logKey.verifierKey().encode() + "\n");
        Run first = push(stranger.index, "--log-vkey", vkeys.toString());
        assertEquals(0, first.code(), first::toString);
        String head = GitCli.log(bare, BRANCH).get(0);
        assertRefused(push(a.index), Logs.checkpointOf(a.index), Logs.checkpointOf(stranger.index), head,
                "not a checkpoint signed by the trusted log key");

        // Signed by a trusted key, for another origin.
        NoteSignerKey otherKey = NoteSignerKey.generate("other.test/log");
        Path other = tmp.resolve("other").resolve("index");
        Files.createDirectories(other);
        Appender app = new Appender(other, StateDir.besides(other), otherKey, TestIndex.CLOCK, DirectorySource::new,
                Appender.WriteHook.NONE);
        app.init();
        Checkpoint otherCp = app.appendLeaves(List.of("leaf".getBytes(StandardCharsets.UTF_8))).checkpoint();
        Files.writeString(vkeys, a.logKey.verifierKey().encode() + "\n" + otherKey.verifierKey().encode() + "\n");
        Run replace = push(other, "--log-vkey", otherKey.verifierKey().encode());
        assertEquals(1, replace.code(), "the stranger's checkpoint is not trusted either: " + replace);
        GitCli.git(bare, "--git-dir=" + bare, "update-ref", "-d", "refs/heads/" + BRANCH);
        assertEquals(0, push(other, "--log-vkey", otherKey.verifierKey().encode()).code());
        head = GitCli.log(bare, BRANCH).get(0);
        assertRefused(push(a.index, "--log-vkey", vkeys.toString()), Logs.checkpointOf(a.index), otherCp, head,
                "the remote branch holds another log");
    }

    @Test
    void aBranchWithoutACheckpointIsPublishedOnTop() throws Exception {
        Path work = tmp.resolve("work");
        GitCli.git(tmp, "clone", "--quiet", bare.toString(), work.toString());
        Files.writeString(work.resolve("README.md"), "placeholder\n");
        GitCli.git(work, "checkout", "--quiet", "-b", BRANCH);
        GitCli.git(work, "add", "README.md");
        GitCli.git(work, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "--quiet", "-m", "init");
        GitCli.git(work, "push", "--quiet", "origin", BRANCH);
        String placeholder = GitCli.log(bare, BRANCH).get(0);

        Run r = push(a.index);
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("no checkpoint yet") && r.out().contains(" on " + placeholder), r::toString);
        assertFalse(GitCli.files(bare, BRANCH).contains("README.md"));
    }

    // ---- two publishers racing: the other one pushes between our fetch and our push ----

    @Test
    void thePublisherThatIsAheadRetriesOnTheWinnersHead() throws Exception {
        Path b = Logs.copy(a.index, tmp.resolve("b").resolve("index"));
        Checkpoint bigger = Logs.append(a, b, "ahead", 3);
        GitPublisher.Outcome[] winner = new GitPublisher.Outcome[1];
        GitPublisher.Outcome o = publisher(b, 5, attempt -> {
            if (attempt == 1) {
                winner[0] = publisher(a.index, 5, GitPublisher.BeforePush.NONE).push();
            }
        }).push();
        assertEquals(GitPublisher.Result.CREATED, winner[0].result());
        assertEquals(GitPublisher.Result.PUSHED, o.result());
        assertEquals(2, o.attempts());
        assertEquals(Optional.of(winner[0].commit()), o.parent(), "rebuilt on the winner's commit");
        assertEquals(5, o.remoteBefore().orElseThrow().size());
        assertEquals(List.of(o.commit().name(), winner[0].commit().name()), GitCli.log(bare, BRANCH));
        assertEquals(Files.readString(b.resolve("checkpoint")), GitCli.show(bare, BRANCH, "checkpoint"));
        assertEquals(bigger, Logs.checkpointOf(b));
    }

    @Test
    void thePublisherThatIsBehindIsRefusedWhenTheOtherWins() throws Exception {
        Path b = Logs.copy(a.index, tmp.resolve("b").resolve("index"));
        Checkpoint bigger = Logs.append(a, b, "ahead", 3);
        GitPublisher.Outcome[] winner = new GitPublisher.Outcome[1];
        PushRefusedException e = assertThrows(PushRefusedException.class, () -> publisher(a.index, 5, attempt -> {
            winner[0] = publisher(b, 5, GitPublisher.BeforePush.NONE).push();
        }).push());
        assertTrue(e.describe().contains("the remote is ahead") && e.describe().contains(summary(bigger))
                && e.describe().contains(summary(Logs.checkpointOf(a.index))), e::describe);
        assertEquals(List.of(winner[0].commit().name()), GitCli.log(bare, BRANCH));
    }

    @Test
    void aForkThatLosesTheRaceIsRefused() throws Exception {
        assertEquals(0, push(a.index).code());
        Path fork = Logs.copy(a.index, tmp.resolve("fork").resolve("index"));
        Checkpoint forked = Logs.append(a, fork, "fork", 3);
        Checkpoint ours = Logs.append(a, a.index, "main", 4);
        GitPublisher.Outcome[] winner = new GitPublisher.Outcome[1];
        PushRefusedException e = assertThrows(PushRefusedException.class, () -> publisher(a.index, 5, attempt -> {
            winner[0] = publisher(fork, 5, GitPublisher.BeforePush.NONE).push();
        }).push());
        assertTrue(e.getMessage().contains("the log forked"), e::describe);
        assertEquals(ours, e.ours());
        assertEquals(Optional.of(forked), e.remote());
        assertEquals(winner[0].commit().name(), GitCli.log(bare, BRANCH).get(0));
        assertEquals(Files.readString(fork.resolve("checkpoint")), GitCli.show(bare, BRANCH, "checkpoint"));
    }

    @Test
    void aBranchThatKeepsMovingEndsTheRetriesWithoutForcing() throws Exception {
        assertEquals(0, push(a.index).code());
        Logs.append(a, a.index, "more", 2);
        int[] moves = {0};
        PushGaveUpException e = assertThrows(PushGaveUpException.class, () -> publisher(a.index, 2, attempt -> {
            // Someone else commits onto the branch every time, with real git on the served repository.
            String head = GitCli.git(bare, "--git-dir=" + bare, "rev-parse", BRANCH).strip();
            String moved = GitCli.git(bare, "--git-dir=" + bare, "-c", "user.name=o", "-c", "user.email=o@example.invalid",
                    "commit-tree", head + "^{tree}", "-p", head, "-m", "other " + attempt).strip();
            GitCli.git(bare, "--git-dir=" + bare, "update-ref", "refs/heads/" + BRANCH, moved, head);
            moves[0]++;
        }).push());
        assertEquals(3, moves[0], "one push and two retries");
        assertTrue(e.getMessage().contains("gave up after 3 pushes"), e.getMessage());
        List<String> log = GitCli.log(bare, BRANCH);
        assertEquals(4, log.size(), "our first push and the other writer's three commits, none overwritten: " + log);
        assertEquals("5", GitCli.show(bare, BRANCH, "checkpoint").lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void zeroRetriesIsOneAttemptAndTheCliSaysRunAgain() throws Exception {
        assertEquals(0, push(a.index, "--max-retries", "0").code());
        Run bad = push(a.index, "--max-retries", "-1");
        assertEquals(2, bad.code(), bad::toString);
        assertTrue(bad.err().contains("--max-retries"), bad::toString);
    }
}
