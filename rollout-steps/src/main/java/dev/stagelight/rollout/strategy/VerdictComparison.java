package dev.stagelight.rollout.strategy;

import dev.stagelight.rollout.impact.Scan;
import dev.stagelight.rollout.impact.ScanVerdicts;
import dev.stagelight.rollout.policy.CompiledPolicy;
import dev.stagelight.rollout.policy.PolicyLibrary;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.tenant.Tenant;
import dev.stagelight.rollout.tenant.Tenants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Blue-green's side-by-side evaluation: every scan of a rollout tenant inside the comparison window is judged under
 * both versions (each resolved for that tenant through inheritance) and the verdicts (PASS, WARN, FAIL) compared.
 * The match rate decides the switch; the mismatches are what a person reads when it stays. Scans outside the window,
 * of tenants outside the rollout or unknown, are counted as skipped. Feed with {@link #accept}, then {@link #result}.
 */
public final class VerdictComparison {
    /** Mismatches kept for the report; the count is always exact. */
    public static final int MAX_LISTED = 50;

    public record Mismatch(String tenant, String image, Instant time, String blue, String green, String rule) {}

    public record Result(Instant since, Instant until, long compared, long matches, long skipped, long failsBlue,
                         long failsGreen, long newFailures, double threshold, List<Mismatch> mismatches) {
        public double matchRate() {
            return compared == 0 ? 0 : (double) matches / compared;
        }

        /** Switch only on evidence: no compared scan is no switch. */
        public boolean switches() {
            return compared > 0 && matchRate() >= threshold;
        }

        public long mismatchCount() {
            return compared - matches;
        }

        /** Observations for {@code advance} of the compare stage: blue's fail rate before, green's after. */
        public StageObservations observations() {
            double before = compared == 0 ? 0 : (double) failsBlue / compared;
            double after = compared == 0 ? 0 : (double) failsGreen / compared;
            if (compared == 0) {
                return StageObservations.unavailable(Set.of());
            }
            return new StageObservations(true, compared, newFailures, before, after, 0, Set.of(),
                    Map.of(StrategyPlanner.VERDICT_MATCH_RATE, matchRate(), "verdict_mismatches", (double) mismatchCount()));
        }
    }

    private record Pair(CompiledPolicy blue, CompiledPolicy green, Tenant tenant) {}

    private final Tenants tenants;
    private final PolicyLibrary library;
    private final String policySet;
    private final String blueVersion;
    private final String greenVersion;
    private final Set<String> rolloutTenants;
    private final Instant since;
    private final Instant until;
    private final double threshold;
    private final ScanVerdicts verdicts = new ScanVerdicts();
    private final Map<String, Pair> byTenant = new HashMap<>();
    private final List<Mismatch> mismatches = new ArrayList<>();
    private long compared;
    private long matches;
    private long skipped;
    private long failsBlue;
    private long failsGreen;
    private long newFailures;

    /** @param since inclusive, {@code until} exclusive */
    public VerdictComparison(Tenants tenants, PolicyLibrary library, String policySet, String blueVersion,
                             String greenVersion, Set<String> rolloutTenants, Instant since, Instant until, double threshold) {
        this.tenants = tenants;
        this.library = library;
        this.policySet = policySet;
        this.blueVersion = blueVersion;
        this.greenVersion = greenVersion;
        this.rolloutTenants = Set.copyOf(rolloutTenants);
        this.since = since;
        this.until = until;
        this.threshold = threshold;
    }

    public void accept(Scan scan) {
        if (scan.time().isBefore(since) || !scan.time().isBefore(until) || !rolloutTenants.contains(scan.tenant())) {
            skipped++;
            return;
        }
        Pair p = byTenant.computeIfAbsent(scan.tenant(), this::resolve);
        if (p == null) {
            skipped++;
            return;
        }
        verdicts.bindScan(scan, p.tenant());
        int blue = verdicts.verdict(p.blue(), scan);
        int green = verdicts.verdict(p.green(), scan);
        compared++;
        failsBlue += blue >= 0 ? 1 : 0;
        failsGreen += green >= 0 ? 1 : 0;
        newFailures += green >= 0 && blue < 0 ? 1 : 0;
        String b = ScanVerdicts.kind(blue);
        String g = ScanVerdicts.kind(green);
        if (b.equals(g)) {
            matches++;
        } else if (mismatches.size() < MAX_LISTED) {
            int deciding = green >= 0 ? green : blue;
            CompiledPolicy from = green >= 0 ? p.green() : p.blue();
            mismatches.add(new Mismatch(scan.tenant(), scan.image(), scan.time(), b, g,
                    deciding >= 0 ? from.rules().get(deciding).rule().name() : null));
        }
    }

    public Result result() {
        return new Result(since, until, compared, matches, skipped, failsBlue, failsGreen, newFailures, threshold, mismatches);
    }

    private Pair resolve(String tenantId) {
        Tenant t = tenants.find(tenantId).orElse(null);
        if (t == null) {
            return null;
        }
        return new Pair(CompiledPolicy.compile(library.effective(t, policySet, blueVersion)),
                CompiledPolicy.compile(library.effective(t, policySet, greenVersion)), t);
    }
}
