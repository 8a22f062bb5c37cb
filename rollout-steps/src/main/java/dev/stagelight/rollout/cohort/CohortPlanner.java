package dev.stagelight.rollout.cohort;

import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.plan.Selection;
import dev.stagelight.rollout.plan.SelectionMethod;
import dev.stagelight.rollout.plan.Stage;
import dev.stagelight.rollout.state.Denial;
import dev.stagelight.rollout.policy.BundleScope;
import dev.stagelight.rollout.policy.ScopeDenial;
import dev.stagelight.rollout.tenant.Tenant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Deterministic, nested cohorts. Tenants the target bundle's scope forbids are set aside with their deny code.
 * The rest are ordered once: explicit stage tenants first (in stage order, as listed), then by {@link CohortHash}
 * (so explicit stages must precede every selection stage, which would otherwise take their tenants first).
 * Each stage's cohort is the shortest prefix of that order that reaches its share (by count, or by scan volume with
 * {@code weight_by: scan_volume}) and is never smaller than the previous stage's, so cohorts nest and explicit
 * canaries count towards later shares.
 */
public final class CohortPlanner {
    private CohortPlanner() {}

    /** Plans with one scope for every tenant ({@link BundleScope#ANY} when the bundle has none). */
    public static StagePlan plan(RolloutPlan plan, List<Tenant> tenants, BundleScope scope) {
        return plan(plan, tenants, scope::check);
    }

    /**
     * @param scope the target bundle's verdict per tenant (empty: admitted), e.g. {@link TargetScopes#of}
     * @throws IllegalArgumentException when a stage names a tenant that is not in {@code tenants}
     */
    public static StagePlan plan(RolloutPlan plan, List<Tenant> tenants, Function<Tenant, Optional<ScopeDenial>> scope) {
        Map<String, Tenant> byId = new HashMap<>(tenants.size() * 2);
        List<Denial> denied = new ArrayList<>();
        List<Tenant> eligible = new ArrayList<>(tenants.size());
        for (Tenant t : tenants) {
            byId.put(t.id(), t);
            Optional<ScopeDenial> d = scope.apply(t);
            if (d.isPresent()) {
                denied.add(new Denial(t.id(), d.get().code(), d.get().reason()));
            } else {
                eligible.add(t);
            }
        }
        Set<String> deniedIds = new java.util.HashSet<>();
        denied.forEach(d -> deniedIds.add(d.tenant()));

        Set<String> explicit = new LinkedHashSet<>();
        for (Stage s : plan.stages()) {
            for (String id : s.tenants()) {
                if (!byId.containsKey(id)) {
                    throw new IllegalArgumentException("stage " + s.name() + " names tenant " + id
                            + ", which is not in the tenant list");
                }
                if (!deniedIds.contains(id)) {
                    explicit.add(id);
                }
            }
        }
        List<Tenant> order = order(plan.rolloutId(), eligible, explicit, byId);
        long[] volumePrefix = new long[order.size() + 1];
        for (int i = 0; i < order.size(); i++) {
            volumePrefix[i + 1] = volumePrefix[i] + order.get(i).scanVolume();
        }
        long totalVolume = volumePrefix[order.size()];
        // Explicit tenants lead the order, in this sequence: their positions need no look-up table of everyone.
        Map<String, Integer> position = new HashMap<>();
        int p = 0;
        for (String id : explicit) {
            position.put(id, p++);
        }

        List<PlannedStage> stages = new ArrayList<>();
        int taken = 0;
        String selectionSeen = null;
        for (Stage s : plan.stages()) {
            int need;
            String how;
            if (s.hasExplicitTenants() && selectionSeen != null) { // plans read from files are refused earlier, located
                throw new IllegalArgumentException("stage " + s.name() + ": explicit tenants must come before the first"
                        + " selection stage (" + selectionSeen + "), which would already switch them");
            }
            if (!s.hasExplicitTenants() && selectionSeen == null) {
                selectionSeen = s.name();
            }
            if (s.hasExplicitTenants()) {
                need = s.tenants().stream().filter(position::containsKey).mapToInt(id -> position.get(id) + 1).max().orElse(0);
                how = "explicit";
            } else {
                Selection sel = s.selection().orElseThrow(() -> new IllegalArgumentException(
                        "stage " + s.name() + " has neither tenants nor a selection"));
                boolean byVolume = sel.weightBy().filter(Selection.WEIGHT_SCAN_VOLUME::equals).isPresent() && totalVolume > 0;
                if (sel.method() == SelectionMethod.ALL) {
                    need = order.size();
                    how = "all";
                } else if (byVolume) {
                    need = shortestPrefixByVolume(volumePrefix, sel.percent(), totalVolume);
                    how = plain(sel.percent()) + "% by scan_volume";
                } else {
                    need = ceilShare(sel.percent(), order.size());
                    how = plain(sel.percent()) + "% by count";
                }
            }
            int from = taken;
            taken = Math.max(taken, need);
            List<String> cohort = ids(order, 0, taken);
            stages.add(new PlannedStage(s, how, cohort, ids(order, from, taken),
                    order.isEmpty() ? 0 : (double) taken / order.size(),
                    totalVolume == 0 ? 0 : (double) volumePrefix[taken] / totalVolume,
                    volumePrefix[taken], volumePrefix[taken] - volumePrefix[from]));
        }
        return new StagePlan(plan.rolloutId(), plan.policySet(), plan.fromVersion(), plan.toVersion(), stages, denied,
                order.size(), totalVolume, plan.strategy());
    }

    private static List<Tenant> order(String rolloutId, List<Tenant> eligible, Set<String> explicit, Map<String, Tenant> byId) {
        MessageDigest sha1 = CohortHash.sha1();
        List<CohortHash.Ranked> ranked = new ArrayList<>(eligible.size());
        for (Tenant t : eligible) {
            if (!explicit.contains(t.id())) {
                ranked.add(new CohortHash.Ranked(t, CohortHash.bucket(sha1, rolloutId, t.id())));
            }
        }
        ranked.sort(CohortHash.Ranked.ORDER);
        List<Tenant> order = new ArrayList<>(eligible.size());
        explicit.forEach(id -> order.add(byId.get(id)));
        ranked.forEach(r -> order.add(r.tenant()));
        return order;
    }

    /** Smallest k with k / n >= percent / 100. */
    static int ceilShare(double percent, int n) {
        return BigDecimal.valueOf(percent).multiply(BigDecimal.valueOf(n))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING).intValueExact();
    }

    /** Smallest k whose first k tenants hold at least percent / 100 of the volume. */
    static int shortestPrefixByVolume(long[] prefix, double percent, long total) {
        long target = BigDecimal.valueOf(percent).multiply(BigDecimal.valueOf(total))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING).longValueExact();
        int lo = 0;
        int hi = prefix.length - 1;
        while (lo < hi) { // prefix is non-decreasing: binary search for the first index reaching the target
            int mid = (lo + hi) >>> 1;
            if (prefix[mid] >= target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static List<String> ids(List<Tenant> order, int from, int to) {
        List<String> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(order.get(i).id());
        }
        return out;
    }

    private static String plain(double d) {
        return dev.stagelight.rollout.state.Numbers.plain(d);
    }
}
