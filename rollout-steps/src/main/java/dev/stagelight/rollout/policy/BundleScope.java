package dev.stagelight.rollout.policy;

import dev.stagelight.rollout.tenant.Tenant;
import java.util.List;
import java.util.Optional;

/**
 * Which tenants may receive a policy bundle. Each part that is non-empty must hold: {@code tenants} lists the allowed
 * tenant ids, {@code regions} the allowed regions (a trailing {@code *} matches a prefix, e.g. {@code eu-*}),
 * {@code labels} selectors every tenant must satisfy. An empty scope admits everyone.
 */
public record BundleScope(List<String> tenants, List<String> regions, List<LabelSelector> labels) {
    public static final BundleScope ANY = new BundleScope(List.of(), List.of(), List.of());

    public BundleScope {
        tenants = List.copyOf(tenants);
        regions = List.copyOf(regions);
        labels = List.copyOf(labels);
    }

    /** The first constraint {@code tenant} breaks (tenant list, then region, then labels), or empty if admitted. */
    public Optional<ScopeDenial> check(Tenant tenant) {
        if (!tenants.isEmpty() && !tenants.contains(tenant.id())) {
            return Optional.of(new ScopeDenial(DenyCode.TENANT_MISMATCH,
                    "tenant " + tenant.id() + " is not in the bundle's tenant list"));
        }
        if (!regions.isEmpty() && regions.stream().noneMatch(r -> regionMatches(r, tenant.region()))) {
            return Optional.of(new ScopeDenial(DenyCode.RESIDENCY,
                    "region " + tenant.region() + " is not one of " + String.join(", ", regions)));
        }
        for (LabelSelector s : labels) {
            if (!s.matches(tenant.labels())) {
                return Optional.of(new ScopeDenial(DenyCode.LABEL, "labels do not satisfy " + s));
            }
        }
        return Optional.empty();
    }

    private static boolean regionMatches(String pattern, String region) {
        return pattern.endsWith("*") ? region.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(region);
    }
}
