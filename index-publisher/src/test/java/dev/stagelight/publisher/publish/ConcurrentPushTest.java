package dev.stagelight.publisher.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.testing.PublisherProcess;
import dev.stagelight.publisher.testing.TestIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two publisher processes push to one {@code git daemon} at the same moment. Who wins is up to the scheduler; what
 * must hold is: the one that is ahead always ends on the branch, the one that is behind either lands first and is
 * built upon or is refused (exit 1), two forks never both land, and the branch history only ever grows (no commit
 * that was on it is lost, so nothing was forced).
 */
class ConcurrentPushTest {
    private static final String BRANCH = "gh-pages";

    @TempDir Path tmp;
    private TestIndex a;
    private Path bare;
    private GitDaemon daemon;
    private String base;

    @BeforeEach
    void publishedLog() throws Exception {
        a = TestIndex.create(tmp.resolve("a"));
        Logs.append(a, a.index, "first", 5);
        bare = GitCli.initBare(tmp.resolve("served").resolve("site.git"));
        daemon = GitDaemon.start(bare.getParent());
        assertEquals(0, PublisherProcess.run(tmp.resolve("logs"), Map.of(), args(a.index)).exitCode());
        base = GitCli.log(bare, BRANCH).get(0);
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
    }

    private String[] args(Path index) {
        return new String[] {"push", index.toString(), "--git", daemon.url("site.git"), "--branch", BRANCH,
                "--log-vkey", a.logKey.verifierKey().encode()};
    }

    private PublisherProcess.Outcome[] race(Path first, Path second) throws Exception {
        PublisherProcess p = PublisherProcess.start(tmp.resolve("logs"), Map.of(), args(first));
        PublisherProcess q = PublisherProcess.start(tmp.resolve("logs"), Map.of(), args(second));
        return new PublisherProcess.Outcome[] {p.await(), q.await()};
    }

    private void assertHistoryKept(List<String> before) throws Exception {
        List<String> after = GitCli.log(bare, BRANCH);
        assertTrue(after.containsAll(before), "commits lost: before " + before + ", after " + after);
        GitCli.git(bare, "--git-dir=" + bare, "fsck", "--strict", "--no-dangling");
    }

    @Test
    void theOneAheadAlwaysEndsOnTheBranch() throws Exception {
        Path behind = a.index;
        Files.writeString(behind.resolve("about.html"), "<p>a site change, same checkpoint</p>");
        Path ahead = Logs.copy(a.index, tmp.resolve("b").resolve("index"));
        Logs.append(a, ahead, "ahead", 3);
        PublisherProcess.Outcome[] o = race(behind, ahead);
        assertEquals(0, o[1].exitCode(), o[1].toString());
        if (o[0].exitCode() != 0) {
            assertEquals(1, o[0].exitCode(), o[0].toString());
            assertTrue(o[0].stderr().contains("the remote is ahead of this index"), o[0].stderr());
        }
        assertEquals(Files.readString(ahead.resolve("checkpoint")), GitCli.show(bare, BRANCH, "checkpoint"));
        assertHistoryKept(List.of(base));
    }

    @Test
    void twoForksNeverBothLand() throws Exception {
        Path fork = Logs.copy(a.index, tmp.resolve("fork").resolve("index"));
        Logs.append(a, fork, "fork", 3);
        Logs.append(a, a.index, "main", 3);
        PublisherProcess.Outcome[] o = race(a.index, fork);
        int won = o[0].exitCode() == 0 ? 0 : 1;
        int lost = 1 - won;
        assertEquals(0, o[won].exitCode(), o[won].toString());
        assertEquals(1, o[lost].exitCode(), "exactly one fork lands: " + o[0] + "\n" + o[1]);
        assertTrue(o[lost].stderr().contains("the log forked") && o[lost].stderr().contains("  remote: "), o[lost].stderr());
        Path winner = won == 0 ? a.index : fork;
        assertEquals(Files.readString(winner.resolve("checkpoint")), GitCli.show(bare, BRANCH, "checkpoint"));
        assertEquals(2, GitCli.log(bare, BRANCH).size());
        assertHistoryKept(List.of(base));
    }
}
