package dev.stagelight.rollout.policy;

import dev.stagelight.rollout.tenant.Tenant;
import java.util.List;
import java.util.Optional;

/**
 * The policy one tenant gets for {@code policySet} at {@code version}: the platform default with the org, team and
 * project levels applied in that order (resolution order project → team → org → default), each rule with its origin.
 * {@code chain} holds the documents applied, most general first; every scope in it must admit the tenant.
 */
public record EffectivePolicy(String tenantId, String policySet, String version, List<EffectiveRule> rules, List<PolicySet> chain) {
    public EffectivePolicy {
        rules = List.copyOf(rules);
        chain = List.copyOf(chain);
    }

    /** The first scope along the chain (default first) that refuses {@code tenant}, or empty if all admit it. */
    public Optional<ScopeDenial> checkScope(Tenant tenant) {
        for (PolicySet p : chain) {
            if (p.scope().isPresent()) {
                Optional<ScopeDenial> d = p.scope().get().check(tenant);
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        return Optional.empty();
    }

    public Optional<EffectiveRule> rule(String name) {
        return rules.stream().filter(r -> r.rule().name().equals(name)).findFirst();
    }
}
