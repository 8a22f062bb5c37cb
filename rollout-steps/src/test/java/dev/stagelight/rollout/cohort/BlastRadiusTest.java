package dev.stagelight.rollout.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.plan.Selection;
import dev.stagelight.rollout.plan.SelectionMethod;
import dev.stagelight.rollout.plan.Stage;
import dev.stagelight.rollout.policy.BundleScope;
import dev.stagelight.rollout.tenant.Tenant;
import dev.stagelight.rollout.testing.RolloutFixtures;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlastRadiusTest {
    private static Stage select(String name, double percent, boolean byVolume) {
        return new Stage(name, Optional.empty(), List.of(), Optional.of(new Selection(
                percent == 100 ? SelectionMethod.ALL : SelectionMethod.PERCENTAGE, percent,
                byVolume ? Optional.of(Selection.WEIGHT_SCAN_VOLUME) : Optional.empty())),
                Optional.empty(), Optional.empty(), true);
    }

    private static RolloutPlan plan(List<Stage> stages) {
        RolloutPlan base = RolloutFixtures.plan789(true);
        return new RolloutPlan("r1", base.policySet(), "v1.0.0", "v2.0.0", base.strategy(), Optional.empty(), stages,
                base.rollback(), List.of());
    }

    /** 10 tenants of volume 10 and one of volume 900: whoever takes the big one moves 90% at once. */
    private static List<Tenant> skewed() {
        List<Tenant> t = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) {
            t.add(new Tenant("t" + i, "T" + i, "o", "team", "p" + i, "eu-west-1", Map.of(), List.of(), i == 0 ? 900 : 10,
                    Optional.empty()));
        }
        return t;
    }

    @Test
    void addedVolumeAndTenantsPerStageSumToTheTotals() {
        StagePlan p = CohortPlanner.plan(RolloutFixtures.plan789(true), RolloutFixtures.tenants(47), BundleScope.ANY);
        long volume = 0;
        int tenants = 0;
        for (PlannedStage s : p.stages()) {
            volume += s.addedVolume();
            tenants += s.added().size();
            assertEquals(s.volume(), volume, s.name());
        }
        assertEquals(p.eligibleVolume(), volume);
        assertEquals(p.eligibleTenants(), tenants);
    }

    @Test
    void evenStagesWarnAboutNothing() {
        List<Tenant> even = RolloutFixtures.tenants(40).stream().map(t -> new Tenant(t.id(), t.name(), t.org(), t.team(),
                t.project(), t.region(), t.labels(), t.dataClasses(), 100, t.owner())).toList();
        StagePlan p = CohortPlanner.plan(plan(List.of(select("a", 25, true), select("b", 60, true), select("c", 100, false))),
                even, BundleScope.ANY);
        assertEquals(List.of(), BlastRadius.warnings(p));
        assertTrue(!StagePlanTable.text(p).contains("warning:"), StagePlanTable.text(p));
    }

    @Test
    void aStageMovingMoreThanHalfTheVolumeIsNamed() {
        StagePlan p = CohortPlanner.plan(plan(List.of(select("small", 5, false), select("rest", 100, false))), skewed(),
                BundleScope.ANY);
        List<BlastRadius.Warning> w = BlastRadius.warnings(p);
        assertTrue(w.stream().anyMatch(x -> x.kind() == BlastRadius.Kind.BIG_STEP), w.toString());
        BlastRadius.Warning big = w.stream().filter(x -> x.kind() == BlastRadius.Kind.BIG_STEP).findFirst().orElseThrow();
        PlannedStage moving = p.stages().stream().filter(s -> s.name().equals(big.stage())).findFirst().orElseThrow();
        assertTrue(moving.addedVolume() * 2 > p.eligibleVolume(), big.message());
        assertTrue(big.message().startsWith("stage " + big.stage() + " moves "), big.message());
    }

    @Test
    void aVolumeStageFilledBySmallTenantsIsNamedButNotACountStage() {
        // Rollout r1 orders t9 t7 t6 t3 t8 t1 t5 t4 t0 t2 t10 (SHA-1 buckets): 5% of 1000 takes the first five small
        // tenants (45% of the tenants for 5% of the volume), and the last stage then moves t0's 900 at once.
        StagePlan byVolume = CohortPlanner.plan(plan(List.of(select("v", 5, true), select("all", 100, false))), skewed(),
                BundleScope.ANY);
        assertEquals(List.of("t9", "t7", "t6", "t3", "t8"), byVolume.stages().get(0).tenants());
        List<BlastRadius.Warning> w = BlastRadius.warnings(byVolume);
        assertEquals(List.of("v:TENANT_HEAVY", "all:BIG_STEP"), w.stream().map(x -> x.stage() + ":" + x.kind()).toList());
        assertTrue(w.get(0).message().contains("takes 5 of 11 tenants (45.5%) for 5.0% of the scan volume"), w.get(0).message());
        assertTrue(w.get(1).message().contains("moves 95.0% of the scan volume in one step (6 tenants, volume 950 of 1000)"),
                w.get(1).message());

        StagePlan byCount = CohortPlanner.plan(plan(List.of(select("c", 50, false), select("all", 100, false))), skewed(),
                BundleScope.ANY);
        assertEquals(List.of("all:BIG_STEP"), BlastRadius.warnings(byCount).stream()
                .map(x -> x.stage() + ":" + x.kind()).toList(), "a count stage is never tenant-heavy");
    }
}
