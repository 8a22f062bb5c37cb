package dev.stagelight.rollout.strategy;

import dev.stagelight.rollout.cohort.CohortHash;
import dev.stagelight.rollout.cohort.CohortPlanner;
import dev.stagelight.rollout.cohort.PlannedStage;
import dev.stagelight.rollout.cohort.StagePlan;
import dev.stagelight.rollout.plan.RollbackPolicy;
import dev.stagelight.rollout.plan.RollbackTrigger;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.plan.Selection;
import dev.stagelight.rollout.plan.SelectionMethod;
import dev.stagelight.rollout.plan.Stage;
import dev.stagelight.rollout.plan.Strategy;
import dev.stagelight.rollout.plan.StrategyConfig;
import dev.stagelight.rollout.plan.SuccessCriteria;
import dev.stagelight.rollout.plan.TriggerMetric;
import dev.stagelight.rollout.policy.ScopeDenial;
import dev.stagelight.rollout.state.Denial;
import dev.stagelight.rollout.state.MetricBound;
import dev.stagelight.rollout.state.Numbers;
import dev.stagelight.rollout.state.StageCriteria;
import dev.stagelight.rollout.state.StageSpec;
import dev.stagelight.rollout.state.StrategyState;
import dev.stagelight.rollout.tenant.Tenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns every strategy the plan schema names into stages the rollout machine runs, so one machine, one store and one
 * rollback path serve them all:
 * <ul>
 * <li>{@code staged}: the plan's stages, cohorts by {@link CohortPlanner}.
 * <li>{@code canary_traffic}: one stage per traffic share ({@link TrafficSteps}), each monitored for
 * {@code increment_interval} with {@code error_rate <= max_error_rate} required at its end; {@code error_rate} above
 * it rolls back at once (a trigger added to the plan's; automatic unless the plan's rollback block says otherwise).
 * <li>{@code blue_green}: a {@code compare} stage that switches nobody while both versions are evaluated side by side
 * for {@code comparison_period} and requires {@code verdict_match_rate >= switch_threshold}, then a {@code switch}
 * stage that moves every tenant at once. Below the threshold nobody ever switched: the rollout stays on
 * {@code from_version} (paused for a decision, or ended by the automatic rollback, which restores nobody).
 * <li>{@code feature_flag}: overrides first (tenants forced off never get the new version; tenants forced on form the
 * first stage), then the plan's stages over the rest, then the default (true: one stage for everyone left).
 * </ul>
 */
public final class StrategyPlanner {
    public static final String ERROR_RATE = TriggerMetric.ERROR_RATE.spelling();
    public static final String VERDICT_MATCH_RATE = "verdict_match_rate";

    private StrategyPlanner() {}

    public static StrategyPlan plan(RolloutPlan plan, List<Tenant> tenants, Function<Tenant, Optional<ScopeDenial>> scope) {
        return switch (plan.strategy()) {
            case STAGED -> staged(plan, CohortPlanner.plan(plan, tenants, scope), List.of());
            case CANARY_TRAFFIC -> canaryTraffic(plan, (StrategyConfig.CanaryTraffic) config(plan), tenants, scope);
            case BLUE_GREEN -> blueGreen(plan, (StrategyConfig.BlueGreen) config(plan), tenants, scope);
            case FEATURE_FLAG -> featureFlag(plan, (StrategyConfig.FeatureFlag) config(plan), tenants, scope);
        };
    }

    /** A staged plan whose cohorts are already planned. */
    public static StrategyPlan staged(RolloutPlan plan, StagePlan cohorts, List<String> notes) {
        return new StrategyPlan(plan, cohorts, specs(cohorts, List.of()), plan.rollback(), null, notes);
    }

    private static StrategyConfig config(RolloutPlan plan) {
        return plan.config().orElseThrow(() -> new IllegalArgumentException(plan.rolloutId() + ": strategy "
                + plan.strategy().spelling() + " needs its config block"));
    }

    private static void noStages(RolloutPlan plan, String why) {
        if (!plan.stages().isEmpty()) {
            throw new IllegalArgumentException(plan.rolloutId() + ": strategy " + plan.strategy().spelling()
                    + " makes its own stages (" + why + "); remove the plan's stages");
        }
    }

    private static StrategyPlan canaryTraffic(RolloutPlan plan, StrategyConfig.CanaryTraffic c, List<Tenant> tenants,
                                              Function<Tenant, Optional<ScopeDenial>> scope) {
        noStages(plan, "one per traffic share");
        Eligible e = eligible(plan, tenants, scope);
        List<Double> shares = TrafficSteps.shares(c);
        List<PlannedStage> stages = new ArrayList<>();
        List<List<MetricBound>> bounds = new ArrayList<>();
        int taken = 0;
        for (double p : shares) {
            int upTo = taken;
            while (upTo < e.order.size() && TrafficSteps.in(e.buckets.get(upTo), p)) {
                upTo++;
            }
            Stage s = new Stage("traffic-" + Numbers.plain(p), Optional.of(Numbers.plain(p) + "% of traffic"), List.of(),
                    Optional.of(new Selection(p >= 100 ? SelectionMethod.ALL : SelectionMethod.PERCENTAGE, p, Optional.empty())),
                    Optional.of(c.incrementInterval()), Optional.empty(), true);
            stages.add(e.stage(s, Numbers.plain(p) + "% of traffic (hash buckets)", taken, upTo));
            bounds.add(List.of(MetricBound.atMost(ERROR_RATE, c.maxErrorRate())));
            taken = upTo;
        }
        List<RollbackTrigger> triggers = new ArrayList<>(plan.rollback().triggers());
        triggers.add(new RollbackTrigger(TriggerMetric.ERROR_RATE, c.maxErrorRate()));
        boolean automatic = plan.rollback().automatic() || plan.rollback().equals(RollbackPolicy.NONE);
        StagePlan sp = e.plan(plan, stages);
        StrategyState state = new StrategyState(plan.strategy().spelling(), shares, null, null, null);
        return new StrategyPlan(plan, sp, specs(sp, bounds), new RollbackPolicy(automatic, triggers), state, List.of(
                "canary_traffic: traffic " + String.join(" -> ", shares.stream().map(p -> Numbers.plain(p) + "%").toList())
                        + ", every " + dev.stagelight.rollout.input.Durations.format(c.incrementInterval())
                        + "; a tenant is in once its hash bucket is below the share; error_rate above "
                        + Numbers.plain(c.maxErrorRate()) + " rolls back" + (automatic ? "" : " (pauses: automatic rollback is off)")));
    }

    private static StrategyPlan blueGreen(RolloutPlan plan, StrategyConfig.BlueGreen c, List<Tenant> tenants,
                                          Function<Tenant, Optional<ScopeDenial>> scope) {
        noStages(plan, "compare, then switch");
        if (!c.parallelEvaluation()) {
            throw new IllegalArgumentException(plan.rolloutId() + ": blue_green with parallel_evaluation false has nothing"
                    + " to decide the switch by; set parallel_evaluation: true");
        }
        Eligible e = eligible(plan, tenants, scope);
        Stage compare = new Stage("compare", Optional.of("both versions evaluated side by side; nobody switches"),
                List.of(), Optional.empty(), Optional.of(c.comparisonPeriod()), Optional.empty(), true);
        Stage sw = new Stage("switch", Optional.of("every tenant moves to " + plan.toVersion() + " at once"), List.of(),
                Optional.of(new Selection(SelectionMethod.ALL, 100, Optional.empty())), Optional.empty(), Optional.empty(), false);
        List<PlannedStage> stages = List.of(e.stage(compare, "none (side by side)", 0, 0),
                e.stage(sw, "all, once verdicts match", 0, e.order.size()));
        StagePlan sp = e.plan(plan, stages);
        StrategyState state = new StrategyState(plan.strategy().spelling(), null, null, null, null);
        return new StrategyPlan(plan, sp, specs(sp, List.of(List.of(MetricBound.atLeast(VERDICT_MATCH_RATE,
                c.verdictMatchRate())), List.of())), plan.rollback(), state, List.of("blue_green: " + plan.fromVersion()
                + " and " + plan.toVersion() + " evaluated side by side for "
                + dev.stagelight.rollout.input.Durations.format(c.comparisonPeriod()) + " (rollout compare); switch when "
                + VERDICT_MATCH_RATE + " >= " + Numbers.plain(c.verdictMatchRate()) + ", else stay on " + plan.fromVersion()));
    }

    private static StrategyPlan featureFlag(RolloutPlan plan, StrategyConfig.FeatureFlag c, List<Tenant> tenants,
                                            Function<Tenant, Optional<ScopeDenial>> scope) {
        Set<String> known = new HashSet<>();
        tenants.forEach(t -> known.add(t.id()));
        Map<String, Boolean> overrides = new LinkedHashMap<>();
        for (StrategyConfig.FlagOverride o : c.overrides()) {
            if (!known.contains(o.tenant())) {
                throw new IllegalArgumentException(plan.rolloutId() + ": config.overrides names tenant " + o.tenant()
                        + ", which is not in the tenant list");
            }
            if (overrides.put(o.tenant(), o.value()) != null) {
                throw new IllegalArgumentException(plan.rolloutId() + ": config.overrides names tenant " + o.tenant() + " twice");
            }
        }
        List<String> on = overrides.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
        List<String> off = overrides.entrySet().stream().filter(x -> !x.getValue()).map(Map.Entry::getKey).toList();
        for (Stage s : plan.stages()) {
            for (String t : s.tenants()) {
                if (overrides.containsKey(t)) {
                    throw new IllegalArgumentException(plan.rolloutId() + ": stage " + s.name() + " names tenant " + t
                            + ", whose flag an override already sets to " + overrides.get(t) + "; drop one of them");
                }
            }
        }
        if (c.defaultValue() && !plan.stages().isEmpty()) {
            throw new IllegalArgumentException(plan.rolloutId() + ": feature_flag default true turns the flag on for every"
                    + " tenant at once; its stages would have nobody left to roll out (default false with stages, or no stages)");
        }
        List<Stage> stages = new ArrayList<>();
        if (!on.isEmpty()) {
            Optional<Duration> window = plan.stages().isEmpty() ? Optional.empty() : plan.stages().get(0).duration();
            stages.add(new Stage("flag-overrides", Optional.of(c.flagName() + " on by override"), on, Optional.empty(),
                    window, Optional.empty(), false));
        }
        stages.addAll(plan.stages());
        if (c.defaultValue()) {
            stages.add(new Stage("flag-default", Optional.of(c.flagName() + " on by default"), List.of(),
                    Optional.of(new Selection(SelectionMethod.ALL, 100, Optional.empty())), Optional.empty(),
                    Optional.empty(), false));
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException(plan.rolloutId() + ": feature_flag " + c.flagName() + " is off by default"
                    + " with no override on and no stages: nobody would get " + plan.toVersion());
        }
        Set<String> offSet = Set.copyOf(off);
        List<Tenant> rest = tenants.stream().filter(t -> !offSet.contains(t.id())).toList();
        RolloutPlan shaped = new RolloutPlan(plan.rolloutId(), plan.policySet(), plan.fromVersion(), plan.toVersion(),
                plan.strategy(), plan.config(), stages, plan.rollback(), plan.notifications());
        StagePlan sp = CohortPlanner.plan(shaped, rest, scope);
        List<String> notes = new ArrayList<>();
        notes.add("feature_flag " + c.flagName() + ": overrides first (on: " + (on.isEmpty() ? "-" : String.join(", ", on))
                + "; off, staying on " + plan.fromVersion() + ": " + (off.isEmpty() ? "-" : String.join(", ", off))
                + "), then the stages, then the default (" + c.defaultValue() + ")");
        StrategyState state = new StrategyState(plan.strategy().spelling(), null, c.flagName(), c.defaultValue(), overrides);
        return new StrategyPlan(shaped, sp, specs(sp, List.of()), plan.rollback(), state, notes);
    }

    /** The stages frozen into the rollout, with per-stage strategy bounds ({@code bounds} may be shorter or empty). */
    static List<StageSpec> specs(StagePlan cohorts, List<List<MetricBound>> bounds) {
        List<StageSpec> specs = new ArrayList<>();
        for (int i = 0; i < cohorts.stages().size(); i++) {
            PlannedStage p = cohorts.stages().get(i);
            StageCriteria criteria = StageCriteria.of(p.stage().successCriteria().orElse(SuccessCriteria.NONE));
            if (i < bounds.size()) {
                criteria = criteria.with(bounds.get(i));
            }
            specs.add(new StageSpec(p.name(), p.stage().description().orElse(null), p.tenants(),
                    p.stage().duration().orElse(Duration.ZERO), criteria, p.stage().autoProceed(),
                    p.stage().analysis().orElse(null)));
        }
        return specs;
    }

    private static Eligible eligible(RolloutPlan plan, List<Tenant> tenants, Function<Tenant, Optional<ScopeDenial>> scope) {
        List<Denial> denied = new ArrayList<>();
        record Ranked(Tenant t, long bucket) {}
        List<Ranked> ranked = new ArrayList<>();
        for (Tenant t : tenants) {
            Optional<ScopeDenial> d = scope.apply(t);
            if (d.isPresent()) {
                denied.add(new Denial(t.id(), d.get().code(), d.get().reason()));
            } else {
                ranked.add(new Ranked(t, CohortHash.bucket(plan.rolloutId(), t.id())));
            }
        }
        ranked.sort(Comparator.comparingLong(Ranked::bucket).thenComparing(r -> r.t().id()));
        return new Eligible(ranked.stream().map(Ranked::t).toList(), ranked.stream().map(Ranked::bucket).toList(), denied);
    }

    /** Eligible tenants in hash order with their buckets; builds planned stages as prefixes of that order. */
    private record Eligible(List<Tenant> order, List<Long> buckets, List<Denial> denied) {
        long volume(int upTo) {
            long v = 0;
            for (int i = 0; i < upTo; i++) {
                v += order.get(i).scanVolume();
            }
            return v;
        }

        PlannedStage stage(Stage s, String how, int from, int upTo) {
            long total = volume(order.size());
            List<String> cohort = order.subList(0, upTo).stream().map(Tenant::id).toList();
            List<String> added = order.subList(from, upTo).stream().map(Tenant::id).toList();
            long vol = volume(upTo);
            return new PlannedStage(s, how, cohort, added, order.isEmpty() ? 0 : (double) upTo / order.size(),
                    total == 0 ? 0 : (double) vol / total, vol, vol - volume(from));
        }

        StagePlan plan(RolloutPlan p, List<PlannedStage> stages) {
            return new StagePlan(p.rolloutId(), p.policySet(), p.fromVersion(), p.toVersion(), stages, denied,
                    order.size(), volume(order.size()), p.strategy());
        }
    }
}
