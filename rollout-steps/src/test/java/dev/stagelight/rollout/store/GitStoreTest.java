package dev.stagelight.rollout.store;

import static dev.stagelight.rollout.testing.GitDaemon.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.cohort.CohortPlanner;
import dev.stagelight.rollout.engine.RolloutEngine;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.policy.BundleScope;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.tenant.Tenant;
import dev.stagelight.rollout.testing.GitDaemon;
import dev.stagelight.rollout.testing.RolloutFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitStoreTest {
    static final Instant T0 = Instant.parse("2024-12-29T11:00:00Z");
    static final StageObservations HEALTHY = StageObservations.of(234, 3, 0.12, 0.13, 0);

    @TempDir
    Path dir;

    static RolloutState create(RolloutEngine engine, RolloutPlan plan, List<Tenant> tenants) throws Exception {
        return engine.create(plan, CohortPlanner.plan(plan, tenants, BundleScope.ANY), T0, "admin");
    }

    @Test
    void oneCommitPerTransitionWithAStructuredMessage() throws Exception {
        try (GitStore store = GitStore.open(dir.resolve("store.git"))) {
            RolloutEngine engine = new RolloutEngine(store, e -> { });
            create(engine, RolloutFixtures.plan789(true), RolloutFixtures.tenants(12));
            engine.approve("rollout-789", "policy-admin@acme.example", "ok", T0);
            RolloutState s = engine.advance("rollout-789", T0, HEALTHY);
            String log = git(dir.resolve("store.git"), "log", "--format=%s%n%b%n--");
            int commits = git(dir.resolve("store.git"), "rev-list", "--count", "main").trim().equals("") ? 0
                    : Integer.parseInt(git(dir.resolve("store.git"), "rev-list", "--count", "main").trim());
            assertEquals(s.seq(), commits, "one commit per transition");
            assertTrue(log.contains("rollout-789: activate stage canary -> in_progress"), log);
            assertTrue(log.contains("Rollout-Id: rollout-789\nStage: canary\nAction: activate\nActor: engine\n"), log);
            assertTrue(log.contains("Actor: policy-admin@acme.example"), log);
            String yaml = git(dir.resolve("store.git"), "show", "main:assignments.yaml");
            assertTrue(yaml.contains("platform-eng-core-services:\n    production: v2.0.0"), yaml);
        }
    }

    @Test
    void rollbackRestoresTheExactPreviousAssignmentsTree() throws Exception {
        List<Tenant> tenants = RolloutFixtures.tenants(30);
        try (GitStore store = GitStore.open(dir.resolve("store.git"))) {
            RolloutEngine engine = new RolloutEngine(store, e -> { });
            create(engine, RolloutFixtures.plan789(true), tenants);
            ObjectId created = store.head();
            engine.approve("rollout-789", "a", "go", T0);
            engine.advance("rollout-789", T0, HEALTHY);
            engine.advance("rollout-789", T0.plus(Duration.ofHours(24)), HEALTHY);
            engine.approve("rollout-789", "a", "go", T0.plus(Duration.ofHours(24)));
            engine.advance("rollout-789", T0.plus(Duration.ofHours(24)), HEALTHY);
            ObjectId midway = store.head();
            assertNotEquals(blob(store, created, "assignments.yaml"), blob(store, midway, "assignments.yaml"));
            RolloutState s = engine.advance("rollout-789", T0.plus(Duration.ofHours(30)),
                    StageObservations.of(900, 150, 0.1, 0.5, 0));
            assertEquals(RolloutStatus.ROLLED_BACK, s.status());
            assertEquals(blob(store, created, "assignments.yaml"), blob(store, store.head(), "assignments.yaml"),
                    "assignments.yaml after the rollback is the very blob of the rollout's creation");
            String diff = git(dir.resolve("store.git"), "diff", "--stat", created.name(), "main", "--", "assignments.yaml");
            assertEquals("", diff.trim());
        }
    }

    @Test
    void cancellingAPendingRolloutIsACommitThatReleasesItsLeases() throws Exception {
        try (GitStore store = GitStore.open(dir.resolve("store.git"))) {
            RolloutEngine engine = new RolloutEngine(store, e -> { });
            create(engine, RolloutFixtures.plan789(true), RolloutFixtures.tenants(12));
            ObjectId created = store.head();
            engine.rollback("rollout-789", "platform-admin", "never approved", T0.plus(Duration.ofDays(3)), Set.of());
            String log = git(dir.resolve("store.git"), "log", "-1", "--format=%s%n%b");
            assertTrue(log.startsWith("rollout-789: cancel -> rolled_back\n"), log);
            assertTrue(log.contains("Action: cancel\nActor: platform-admin\n"), log);
            assertEquals(blob(store, created, "assignments.yaml"), blob(store, store.head(), "assignments.yaml"));
            assertEquals("{\n  \"leases\" : { }\n}\n", git(dir.resolve("store.git"), "show", "main:leases.json"));
        }
    }

    @Test
    void aRefLockLeftByAKilledWriterDoesNotBlockTheStore() throws Exception {
        Path repo = dir.resolve("store.git");
        try (GitStore store = GitStore.open(repo)) {
            create(new RolloutEngine(store, e -> { }), RolloutFixtures.plan789(true), RolloutFixtures.tenants(12));
        }
        // What a writer SIGKILLed inside JGit's ref update leaves behind (its store lock died with it).
        java.nio.file.Files.writeString(repo.resolve("refs/heads/main.lock"), "half-written\n");
        try (GitStore store = GitStore.open(repo)) {
            RolloutState s = new RolloutEngine(store, e -> { }).approve("rollout-789", "a", "go", T0);
            assertEquals(2, s.seq());
            assertEquals(s, store.load("rollout-789").orElseThrow());
        }
    }

    @Test
    void pushesToARealGitServerAndRetriesANonFastForwardOnTheNewHead() throws Exception {
        Path base = dir.resolve("server");
        java.nio.file.Files.createDirectories(base);
        git(base, "init", "--bare", "-q", "stores.git");
        try (GitDaemon daemon = GitDaemon.start(base);
             GitStore a = GitStore.open(dir.resolve("a.git"), daemon.url("stores.git"));
             GitStore b = GitStore.open(dir.resolve("b.git"), daemon.url("stores.git"))) {
            List<Tenant> tenants = RolloutFixtures.tenants(20);
            RolloutEngine ea = new RolloutEngine(a, e -> { });
            RolloutEngine eb = new RolloutEngine(b, e -> { });
            // Two rollouts on disjoint tenant sets so both may run; b's pushes always start from a stale head.
            create(ea, RolloutFixtures.plan789(true), tenants.subList(0, 10));
            RolloutPlan other = RolloutFixtures.plan("rollout-790", true, tenants.get(10).id());
            eb.create(other, CohortPlanner.plan(other, tenants.subList(10, 20), BundleScope.ANY), T0, "admin-b");
            ea.approve("rollout-789", "a", "go", T0);
            eb.approve("rollout-790", "b", "go", T0);

            // Writers alternate, so every push but the first is built on a head the other writer has moved.
            assertEquals(2, b.rejectedPushes(), "b's create and approve were rebuilt on a's new heads");
            assertEquals(1, a.rejectedPushes(), "a's approve was rebuilt on b's new head");
            Path clone = dir.resolve("clone");
            git(dir, "clone", "-q", daemon.url("stores.git"), clone.toString());
            String log = git(clone, "log", "--format=%s", "origin/main");
            assertTrue(log.contains("rollout-789: approve"), log);
            assertTrue(log.contains("rollout-790: approve"), log);
            assertTrue(log.contains("rollout-790: create"), log);
            assertEquals(4, log.trim().split("\n").length, "linear history, nothing lost: " + log);
            assertEquals(b.head(), ObjectId.fromString(git(clone, "rev-parse", "origin/main").trim()),
                    "the last writer's local branch is the remote head");
            assertTrue(git(clone, "show", "origin/main:leases.json").contains("rollout-790"));
        }
    }

    static ObjectId blob(GitStore store, ObjectId commit, String path) throws Exception {
        try (RevWalk rw = new RevWalk(store.repository())) {
            RevCommit c = rw.parseCommit(commit);
            try (TreeWalk tw = TreeWalk.forPath(store.repository(), path, c.getTree())) {
                return tw.getObjectId(0);
            }
        }
    }
}
