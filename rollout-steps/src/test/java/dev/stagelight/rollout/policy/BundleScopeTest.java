package dev.stagelight.rollout.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.tenant.Tenant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BundleScopeTest {
    static Tenant tenant(String id, String region, Map<String, String> labels) {
        return new Tenant(id, id, "o", "t", "p", region, labels, List.of(), 1, Optional.empty());
    }

    static LabelSelector sel(String s) {
        return LabelSelector.parse(s).orElseThrow();
    }

    @Test
    void selectorForms() {
        Map<String, String> labels = Map.of("env", "prod", "tier", "critical");
        assertTrue(sel("env=prod").matches(labels));
        assertTrue(sel("env==prod").matches(labels));
        assertFalse(sel("env!=prod").matches(labels));
        assertTrue(sel("tier").matches(labels));
        assertFalse(sel("!tier").matches(labels));
        assertTrue(sel("!legacy-runtime").matches(labels));
        assertTrue(sel("policy-channel!=frozen").matches(labels));
        assertEquals("policy-channel!=frozen", sel(" policy-channel != frozen ").toString());
        assertTrue(LabelSelector.parse("!env=prod").isEmpty());
        assertTrue(LabelSelector.parse("a b").isEmpty());
        assertTrue(LabelSelector.parse("").isEmpty());
    }

    @Test
    void checksInOrderTenantsRegionsLabels() {
        BundleScope s = new BundleScope(List.of("a", "b"), List.of("eu-*", "us-east-1"), List.of(sel("!legacy")));
        assertEquals(Optional.empty(), s.check(tenant("a", "eu-west-1", Map.of())));
        assertEquals(Optional.empty(), s.check(tenant("b", "us-east-1", Map.of())));
        assertEquals(DenyCode.TENANT_MISMATCH, s.check(tenant("c", "ap-south-1", Map.of("legacy", "1"))).orElseThrow().code());
        assertEquals(DenyCode.RESIDENCY, s.check(tenant("a", "us-west-2", Map.of())).orElseThrow().code());
        assertEquals(new ScopeDenial(DenyCode.LABEL, "labels do not satisfy !legacy"),
                s.check(tenant("a", "eu-central-1", Map.of("legacy", "yes"))).orElseThrow());
        assertEquals(Optional.empty(), BundleScope.ANY.check(tenant("z", "anywhere", Map.of("x", "y"))));
    }
}
