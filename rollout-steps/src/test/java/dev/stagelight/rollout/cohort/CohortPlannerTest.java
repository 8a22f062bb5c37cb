package dev.stagelight.rollout.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.plan.Stage;
import dev.stagelight.rollout.policy.BundleScope;
import dev.stagelight.rollout.policy.DenyCode;
import dev.stagelight.rollout.policy.LabelSelector;
import dev.stagelight.rollout.state.Denial;
import dev.stagelight.rollout.tenant.Tenant;
import dev.stagelight.rollout.testing.RolloutFixtures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CohortPlannerTest {
    private final List<Tenant> tenants = RolloutFixtures.tenants(47);
    private final RolloutPlan plan = RolloutFixtures.plan789(true);

    @Test
    void bucketIsTheFirstFifteenHexDigitsOfSha1() throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-1").digest("rollout-789.tenant-00001".getBytes(StandardCharsets.UTF_8));
        long expected = Long.parseLong(HexFormat.of().formatHex(d).substring(0, 15), 16);
        assertEquals(expected, CohortHash.bucket("rollout-789", "tenant-00001"));
        assertTrue(CohortHash.bucket("rollout-789", "tenant-00001") >= 0);
    }

    @Test
    void cohortsNestAndCanaryComesFirst() {
        StagePlan p = CohortPlanner.plan(plan, tenants, BundleScope.ANY);
        assertEquals(List.of(RolloutFixtures.CANARY), p.stages().get(0).tenants());
        for (int i = 1; i < p.stages().size(); i++) {
            List<String> prev = p.stages().get(i - 1).tenants();
            List<String> cur = p.stages().get(i).tenants();
            assertEquals(prev, cur.subList(0, prev.size()), "stage " + i + " must extend the previous cohort");
            List<String> joined = new ArrayList<>(prev);
            joined.addAll(p.stages().get(i).added());
            assertEquals(cur, joined);
        }
        assertEquals(47, p.stages().get(3).tenants().size());
        assertEquals(47, new HashSet<>(p.stages().get(3).tenants()).size());
        // 75% of 47 by count: the shortest prefix with k/47 >= 0.75 is 36.
        assertEquals(36, p.stages().get(2).tenants().size());
    }

    @Test
    void anExplicitStageAfterASelectionStageIsRefusedForPlansBuiltInCode() {
        List<Stage> stages = new ArrayList<>(plan.stages());
        stages.add(2, new Stage("vip", Optional.empty(), List.of("tenant-00003"), Optional.empty(), Optional.empty(),
                Optional.empty(), true));
        RolloutPlan bad = new RolloutPlan(plan.rolloutId(), plan.policySet(), plan.fromVersion(), plan.toVersion(),
                plan.strategy(), plan.config(), stages, plan.rollback(), plan.notifications());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CohortPlanner.plan(bad, tenants, BundleScope.ANY));
        assertEquals("stage vip: explicit tenants must come before the first selection stage (early-adopters), which"
                + " would already switch them", e.getMessage());
    }

    @Test
    void weightByScanVolumeTakesTheShortestPrefixReachingTheVolumeShare() {
        StagePlan p = CohortPlanner.plan(plan, tenants, BundleScope.ANY);
        Map<String, Long> vol = tenants.stream().collect(Collectors.toMap(Tenant::id, Tenant::scanVolume));
        long total = vol.values().stream().mapToLong(Long::longValue).sum();
        List<String> cohort = p.stages().get(1).tenants();
        long have = cohort.stream().mapToLong(vol::get).sum();
        long without = have - vol.get(cohort.get(cohort.size() - 1));
        assertTrue(have * 100 >= 25 * total, "reaches 25% of the volume");
        assertTrue(without * 100 < 25 * total, "one tenant fewer would not");
        assertEquals((double) have / total, p.stages().get(1).volumeShare(), 1e-12);
    }

    @Test
    void sameInputsGiveTheSameCohortsWhateverTheTenantFileOrder() {
        StagePlan a = CohortPlanner.plan(plan, tenants, BundleScope.ANY);
        List<Tenant> shuffled = new ArrayList<>(tenants);
        Collections.shuffle(shuffled, new java.util.Random(7));
        StagePlan b = CohortPlanner.plan(plan, shuffled, BundleScope.ANY);
        for (int i = 0; i < a.stages().size(); i++) {
            assertEquals(a.stages().get(i).tenants(), b.stages().get(i).tenants());
        }
        StagePlan other = CohortPlanner.plan(RolloutFixtures.plan("rollout-790", true), tenants, BundleScope.ANY);
        assertNotEquals(a.stages().get(2).tenants(), other.stages().get(2).tenants(), "another rollout id reshuffles");
    }

    @Test
    void forbiddenTenantsAreReportedWithDenyCodesAndNeverAssigned() {
        BundleScope euProd = new BundleScope(List.of(), List.of("eu-*"),
                List.of(LabelSelector.parse("env=prod").orElseThrow()));
        StagePlan p = CohortPlanner.plan(plan, tenants, euProd);
        List<String> assigned = p.allTenants();
        for (Denial d : p.denied()) {
            assertFalse(assigned.contains(d.tenant()), d.tenant() + " is denied yet assigned");
        }
        long residency = p.denied().stream().filter(d -> d.code() == DenyCode.RESIDENCY).count();
        long label = p.denied().stream().filter(d -> d.code() == DenyCode.LABEL).count();
        assertEquals(23, residency, "every us-east-1 tenant");
        assertTrue(label > 0, "eu staging tenants are refused by label");
        assertEquals(47, assigned.size() + p.denied().size(), "nobody silently dropped");
        for (String t : assigned) {
            Tenant tenant = tenants.stream().filter(x -> x.id().equals(t)).findFirst().orElseThrow();
            assertEquals("eu-west-1", tenant.region());
            assertEquals("prod", tenant.labels().get("env"));
        }

        BundleScope onlyTwo = new BundleScope(List.of(RolloutFixtures.CANARY, "tenant-00002"), List.of(), List.of());
        StagePlan q = CohortPlanner.plan(plan, tenants, onlyTwo);
        assertEquals(45, q.denied().stream().filter(d -> d.code() == DenyCode.TENANT_MISMATCH).count());
        assertEquals(List.of(RolloutFixtures.CANARY, "tenant-00002"), q.allTenants());
    }

    @Test
    void tableShowsEveryStageAndTheDenials() {
        BundleScope eu = new BundleScope(List.of(), List.of("eu-west-1"), List.of());
        StagePlan p = CohortPlanner.plan(plan, tenants, eu);
        String text = StagePlanTable.text(p);
        for (String stage : List.of("canary", "early-adopters", "majority", "full")) {
            assertTrue(text.contains(stage), text);
        }
        assertTrue(text.contains("RESIDENCY"), text);
        assertTrue(text.contains("25% by scan_volume"), text);
        String json = StagePlanTable.json(p);
        assertTrue(json.contains("\"share_by_volume\""), json);
        assertTrue(json.contains("\"code\" : \"RESIDENCY\""), json);
    }
}
