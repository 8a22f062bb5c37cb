package dev.stagelight.rollout.store;

import static dev.stagelight.rollout.testing.GitDaemon.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.cohort.CohortPlanner;
import dev.stagelight.rollout.engine.RolloutEngine;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.policy.BundleScope;
import dev.stagelight.rollout.testing.GitHttpServer;
import dev.stagelight.rollout.testing.RolloutFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The git store's remote behind HTTP Basic authentication (git http-backend behind a server that asks on every
 * request, as a hosted remote does): with the credentials the store catches up and pushes every transition; without
 * them, or with wrong ones, it refuses naming the remote, and the password never appears in what it says.
 */
class GitStoreCredentialsTest {
    static final String USER = "rollout-bot";
    static final String PASSWORD = "s3cret-store-token-77";
    static final Instant T0 = Instant.parse("2024-12-29T11:00:00Z");

    @TempDir
    Path dir;
    GitHttpServer server;

    @BeforeEach
    void serve() throws Exception {
        Path base = dir.resolve("served");
        Files.createDirectories(base);
        git(base, "init", "--bare", "-q", "stores.git");
        server = GitHttpServer.start(base, USER, PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void withCredentialsEveryTransitionIsPushedAndAnotherStoreCatchesUp() throws Exception {
        String url = server.url("stores.git");
        try (GitStore a = GitStore.open(dir.resolve("a.git"), url, creds(PASSWORD))) {
            RolloutPlan plan = RolloutFixtures.plan789(true);
            RolloutEngine engine = new RolloutEngine(a, e -> { });
            engine.create(plan, CohortPlanner.plan(plan, RolloutFixtures.tenants(10), BundleScope.ANY), T0, "alice");
            engine.approve("rollout-789", "alice", "go", T0);
        }
        try (GitStore b = GitStore.open(dir.resolve("b.git"), url, creds(PASSWORD))) {
            assertEquals("alice", b.load("rollout-789").orElseThrow().approvals().get(0).approvedBy(),
                    "a second store (another agent) caught up from the authenticated remote");
        }
        String log = git(dir.resolve("served/stores.git"), "log", "--format=%s", "main");
        assertTrue(log.contains("rollout-789: approve") && log.contains("rollout-789: create"), log);
    }

    @Test
    void withoutOrWithWrongCredentialsTheRemoteIsRefusedWithoutShowingThePassword() {
        String url = server.url("stores.git");
        StoreException none = assertThrows(StoreException.class, () -> GitStore.open(dir.resolve("n.git"), url, null));
        assertTrue(none.getMessage().contains(url), none.getMessage());
        StoreException wrong = assertThrows(StoreException.class,
                () -> GitStore.open(dir.resolve("w.git"), url, creds("wrong-" + PASSWORD)));
        assertTrue(wrong.getMessage().contains(url), wrong.getMessage());
        assertFalse(wrong.getMessage().contains(PASSWORD), wrong.getMessage());
    }

    static UsernamePasswordCredentialsProvider creds(String password) {
        return new UsernamePasswordCredentialsProvider(USER, password);
    }
}
