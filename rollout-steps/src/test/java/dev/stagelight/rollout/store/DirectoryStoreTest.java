package dev.stagelight.rollout.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.cohort.CohortPlanner;
import dev.stagelight.rollout.engine.RolloutEngine;
import dev.stagelight.rollout.policy.BundleScope;
import dev.stagelight.rollout.state.AssignmentChange;
import dev.stagelight.rollout.testing.RolloutFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryStoreTest {
    @TempDir
    Path dir;

    @Test
    void assignmentsRoundTripSortedAndIdempotent() throws Exception {
        Assignments a = Assignments.EMPTY.with(List.of(new AssignmentChange("b", "production", "v1.0.0"),
                new AssignmentChange("a", "production", "v2.0.0"), new AssignmentChange("a", "staging", "v1")));
        Assignments again = a.with(List.of(new AssignmentChange("a", "production", "v2.0.0")));
        assertArrayEquals(a.toYaml(), again.toYaml(), "applying a change twice changes nothing");
        Assignments parsed = Assignments.parse(a.toYaml(), "assignments.yaml");
        assertEquals(a, parsed);
        String yaml = new String(a.toYaml(), StandardCharsets.UTF_8);
        assertTrue(yaml.indexOf("  a:") < yaml.indexOf("  b:"), yaml);
        assertEquals(Assignments.EMPTY.asMap(), a.with(List.of(new AssignmentChange("a", "production", null),
                new AssignmentChange("a", "staging", null), new AssignmentChange("b", "production", null))).asMap());
    }

    @Test
    void aDamagedAssignmentsFileIsReportedAndLeftAlone() throws Exception {
        DirectoryStore store = DirectoryStore.open(dir);
        byte[] damaged = "assignments:\n  t1: [not, a, mapping]\n".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("assignments.yaml"), damaged);
        var plan = RolloutFixtures.plan789(true);
        var tenants = RolloutFixtures.tenants(5);
        StoreException e = assertThrows(StoreException.class, () -> new RolloutEngine(store, x -> { })
                .create(plan, CohortPlanner.plan(plan, tenants, BundleScope.ANY), Instant.EPOCH, "a"));
        assertTrue(e.getMessage().contains("assignments.yaml: /assignments/t1: expected a mapping policy set -> version"),
                e.getMessage());
        assertArrayEquals(damaged, Files.readAllBytes(dir.resolve("assignments.yaml")));
        assertTrue(store.rolloutIds().isEmpty());
    }

    @Test
    void rolloutIdsMustBePlainNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoreUpdate.statePath("../etc"));
        assertTrue(e.getMessage().contains("rollout id ../etc"), e.getMessage());
    }
}
