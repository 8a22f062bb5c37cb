package dev.stagelight.rollout.impact;

import dev.stagelight.rollout.cohort.PlannedStage;
import dev.stagelight.rollout.cohort.StagePlan;
import dev.stagelight.rollout.cohort.TargetScopes;
import dev.stagelight.rollout.policy.CompiledPolicy;
import dev.stagelight.rollout.policy.EffectivePolicy;
import dev.stagelight.rollout.policy.EffectiveRule;
import dev.stagelight.rollout.policy.PolicyLibrary;
import dev.stagelight.rollout.policy.PolicySet;
import dev.stagelight.rollout.policy.ScopeDenial;
import dev.stagelight.rollout.policy.Severity;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.strategy.StrategyPlanner;
import dev.stagelight.rollout.tenant.Tenant;
import dev.stagelight.rollout.tenant.Tenants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Replays historical scans under the plan's {@code from_version} and {@code to_version}, each resolved per tenant
 * through inheritance, and predicts what the rollout changes. Feed scans with {@link #accept}, then {@link #report}.
 *
 * <p>A scan fails when any finding fails (see {@link CompiledPolicy#evaluate}); it warns when none fails and one warns.
 * A new failure is a scan that fails under the new version and did not under the old. Each new failure is attributed
 * to the first FAIL rule, in the tenant's effective order, that any of its findings triggers, so the rule counts add up
 * to the new failures; it is a critical block when that rule has severity critical (FAIL rules without a severity count
 * as high). Scans of tenants that the new bundle's scope refuses are left out (they will not receive it) and listed
 * with the deny code; scans of tenants not in the tenant file are skipped and listed.
 *
 * <p>The recommendation ({@link Thresholds}) weighs the failure-rate change and, per stage, what the stage's cohort
 * caused in the history scaled to the stage's window ({@link StagePrediction}) against the plan's count bounds.
 */
public final class ImpactAnalysis {
    private static final int TOP_RULES = 10;
    private static final int PASSED = ScanVerdicts.PASSED;
    private static final int WARNED = ScanVerdicts.WARNED;

    private final RolloutPlan plan;
    private final Tenants tenants;
    private final PolicyLibrary policies;
    private final Clock clock;
    private final Thresholds thresholds;
    private final Map<String, TenantPolicies> byTenant = new HashMap<>();
    private final Map<List<String>, CompiledPolicy> compiled = new HashMap<>();
    private final ScanVerdicts verdicts = new ScanVerdicts();

    private long total;
    private long failsBefore;
    private long failsAfter;
    private long newFailures;
    private long resolved;
    private long newCritical;
    private long newWarnings;
    private long skipped;
    private Instant earliest;
    private Instant latest;
    private final Set<String> affectedImages = new HashSet<>();
    private final Set<String> affectedTenants = new HashSet<>();
    private final Map<String, long[]> teamCounts = new TreeMap<>();
    private final Map<String, long[]> ruleCounts = new HashMap<>();
    private final Map<String, long[]> excludedScans = new TreeMap<>();
    /** Per tenant: new failures and new critical blocks, for the per-stage predictions. */
    private final Map<String, long[]> newByTenant = new HashMap<>();
    private final Set<String> unknown = new TreeSet<>();

    /** Resolved and compiled policies of one tenant, or the reason it is left out. */
    private record TenantPolicies(Tenant tenant, CompiledPolicy from, CompiledPolicy to, ScopeDenial denial) {}

    public ImpactAnalysis(RolloutPlan plan, Tenants tenants, PolicyLibrary policies, Clock clock) {
        this(plan, tenants, policies, clock, Thresholds.fromPlan(plan));
    }

    public ImpactAnalysis(RolloutPlan plan, Tenants tenants, PolicyLibrary policies, Clock clock, Thresholds thresholds) {
        this.plan = plan;
        this.tenants = tenants;
        this.policies = policies;
        this.clock = clock;
        this.thresholds = thresholds;
    }

    public void accept(Scan scan) {
        TenantPolicies tp = byTenant.computeIfAbsent(scan.tenant(), this::resolve);
        if (tp == null) {
            unknown.add(scan.tenant());
            skipped++;
            return;
        }
        if (tp.denial() != null) {
            excludedScans.computeIfAbsent(scan.tenant(), k -> new long[1])[0]++;
            skipped++;
            return;
        }
        total++;
        earliest = earliest == null || scan.time().isBefore(earliest) ? scan.time() : earliest;
        latest = latest == null || scan.time().isAfter(latest) ? scan.time() : latest;
        verdicts.bindScan(scan, tp.tenant());
        int before = verdicts.verdict(tp.from(), scan);
        int after = verdicts.verdict(tp.to(), scan);
        boolean failedBefore = before >= 0;
        boolean failedAfter = after >= 0;
        if (failedBefore) {
            failsBefore++;
        }
        if (failedAfter) {
            failsAfter++;
        }
        if (failedAfter && !failedBefore) {
            newFailures++;
            affectedImages.add(scan.image());
            affectedTenants.add(scan.tenant());
            teamCounts.computeIfAbsent(tp.tenant().team(), k -> new long[1])[0]++;
            EffectiveRule rule = tp.to().rules().get(after);
            ruleCounts.computeIfAbsent(rule.rule().name(), k -> new long[1])[0]++;
            long[] mine = newByTenant.computeIfAbsent(scan.tenant(), k -> new long[2]);
            mine[0]++;
            if (rule.rule().severity().orElse(Severity.HIGH) == Severity.CRITICAL) {
                newCritical++;
                mine[1]++;
            }
        } else if (failedBefore && !failedAfter) {
            resolved++;
        }
        if (after == WARNED && before == PASSED) {
            newWarnings++;
        }
    }

    private TenantPolicies resolve(String tenantId) {
        Tenant t = tenants.find(tenantId).orElse(null);
        if (t == null) {
            return null;
        }
        EffectivePolicy to = policies.effective(t, plan.policySet(), plan.toVersion());
        EffectivePolicy from = policies.effective(t, plan.policySet(), plan.fromVersion());
        return new TenantPolicies(t, compile(from), compile(to), to.checkScope(t).orElse(null));
    }

    /** Tenants sharing a chain of documents share one compiled policy. */
    private CompiledPolicy compile(EffectivePolicy p) {
        List<String> key = new ArrayList<>();
        key.add(p.version());
        p.chain().stream().map(PolicySet::source).forEach(key::add);
        return compiled.computeIfAbsent(key, k -> CompiledPolicy.compile(p));
    }

    public ImpactReport report() {
        List<ImpactReport.TeamCount> teams = new ArrayList<>();
        teamCounts.forEach((team, n) -> teams.add(new ImpactReport.TeamCount(team, n[0])));
        teams.sort(Comparator.comparingLong(ImpactReport.TeamCount::newFailures).reversed());
        List<ImpactReport.RuleCount> rules = new ArrayList<>();
        ruleCounts.forEach((rule, n) -> rules.add(new ImpactReport.RuleCount(rule, n[0])));
        rules.sort(Comparator.comparingLong(ImpactReport.RuleCount::count).reversed().thenComparing(ImpactReport.RuleCount::rule));
        List<ImpactReport.Excluded> excluded = new ArrayList<>();
        excludedScans.forEach((id, n) -> {
            ScopeDenial d = byTenant.get(id).denial();
            excluded.add(new ImpactReport.Excluded(id, d.code(), d.reason(), n[0]));
        });
        Duration range = earliest == null ? Duration.ZERO : Duration.between(earliest, latest);
        double rateChange = total == 0 ? 0 : (double) (failsAfter - failsBefore) / total;
        List<StagePrediction> stages = stagePredictions(range);
        return new ImpactReport(plan.rolloutId(), plan.policySet(), plan.fromVersion(), plan.toVersion(), clock.instant(), range,
                total, failsBefore, failsAfter, newFailures, resolved, newCritical, newWarnings, affectedImages.size(),
                affectedTenants.size(), teams, rules.subList(0, Math.min(TOP_RULES, rules.size())), excluded,
                new ArrayList<>(unknown), skipped, verdicts.evaluations(), thresholds, stages, thresholds.judge(rateChange, stages));
    }

    /** Each stage's cohort (as {@code plan} and {@code start} plan it) with its share of the new failures, scaled to its window. */
    private List<StagePrediction> stagePredictions(Duration history) {
        StagePlan cohorts = StrategyPlanner.plan(plan, tenants.all(), TargetScopes.of(policies, plan.policySet(),
                plan.toVersion())).stages();
        List<StagePrediction> out = new ArrayList<>();
        for (PlannedStage s : cohorts.stages()) {
            long failures = 0;
            long critical = 0;
            for (String t : s.tenants()) {
                long[] n = newByTenant.get(t);
                if (n != null) {
                    failures += n[0];
                    critical += n[1];
                }
            }
            out.add(StagePrediction.scale(s.name(), s.tenants().size(), s.stage().duration().orElse(Duration.ZERO),
                    failures, critical, history));
        }
        return out;
    }
}
