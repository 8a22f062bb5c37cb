package dev.stagelight.rollout.cohort;

import dev.stagelight.rollout.policy.PolicyLibrary;
import dev.stagelight.rollout.policy.ScopeDenial;
import dev.stagelight.rollout.tenant.Tenant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Adapter from the policy library to planning: the bundle a tenant would receive is its effective policy at the
 * target version (resolved through inheritance), and every scope along that chain must admit the tenant.
 */
public final class TargetScopes {
    private TargetScopes() {}

    public static Function<Tenant, Optional<ScopeDenial>> of(PolicyLibrary library, String policySet, String version) {
        return tenant -> library.effective(tenant, policySet, version).checkScope(tenant);
    }
}
