package dev.stagelight.rollout.impact;

import dev.stagelight.rollout.input.Durations;
import dev.stagelight.rollout.plan.RollbackTrigger;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.plan.Stage;
import dev.stagelight.rollout.plan.TriggerMetric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The bounds of a plan that an impact prediction is held against, and the recommendation they give.
 * <ul>
 * <li>{@code failure_rate_change} over the whole history: DO_NOT_PROCEED above the plan's tightest rate bound (the
 * smallest {@code max_failure_rate_increase} of its stages or {@code failure_rate_increase} rollback trigger, else
 * {@link #DEFAULT_BLOCK}); PROCEED_WITH_CAUTION from {@code cautionAt}.
 * <li>Counts per stage ({@link StagePrediction}): each stage's {@code max_new_failures}, and the
 * {@code new_failures} and {@code new_critical_blocks} rollback triggers, which watch every stage. DO_NOT_PROCEED
 * above the bound, PROCEED_WITH_CAUTION from half of it. A stage without a duration has no window to predict over.
 * </ul>
 * The recommendation is the worst verdict of all checks; among the checks with that verdict, the one nearest to (or
 * farthest over) its bound is the one that decided.
 *
 * @param counts count bounds; {@code stage} null for a trigger (every stage)
 */
public record Thresholds(double cautionAt, double blockAbove, String blockSource, List<CountBound> counts) {
    public static final String RATE_CHANGE = "failure_rate_change";
    /** Half a percentage point: a change users notice. */
    public static final double DEFAULT_CAUTION = 0.005;
    /** Used when the plan states no rate bound. */
    public static final double DEFAULT_BLOCK = 0.05;

    public Thresholds {
        counts = List.copyOf(counts);
    }

    /** A count a stage's observations may not exceed: {@code new_failures} or {@code new_critical_blocks}. */
    public record CountBound(String metric, String stage, double bound, String source) {}

    /** The outcome: the recommendation, every check applied (in plan order) and the one that decided. */
    public record Verdict(Recommendation recommendation, List<Check> checks, Check decidedBy) {
        public Verdict {
            checks = List.copyOf(checks);
        }
    }

    public static Thresholds fromPlan(RolloutPlan plan) {
        double block = Double.POSITIVE_INFINITY;
        String source = "default " + DEFAULT_BLOCK;
        List<CountBound> counts = new ArrayList<>();
        for (Stage s : plan.stages()) {
            if (s.successCriteria().isEmpty()) {
                continue;
            }
            var c = s.successCriteria().get();
            if (c.maxFailureRateIncrease().isPresent() && c.maxFailureRateIncrease().getAsDouble() < block) {
                block = c.maxFailureRateIncrease().getAsDouble();
                source = "stage " + s.name() + " max_failure_rate_increase";
            }
            if (c.maxNewFailures().isPresent()) {
                counts.add(new CountBound("new_failures", s.name(), c.maxNewFailures().getAsLong(),
                        "stage " + s.name() + " max_new_failures"));
            }
        }
        for (RollbackTrigger t : plan.rollback().triggers()) {
            if (t.metric() == TriggerMetric.FAILURE_RATE_INCREASE && t.threshold() < block) {
                block = t.threshold();
                source = "rollback trigger failure_rate_increase";
            } else if (t.metric() == TriggerMetric.NEW_FAILURES || t.metric() == TriggerMetric.NEW_CRITICAL_BLOCKS) {
                counts.add(new CountBound(t.metric().spelling(), null, t.threshold(),
                        "rollback trigger " + t.metric().spelling()));
            }
        }
        if (block == Double.POSITIVE_INFINITY) {
            block = DEFAULT_BLOCK;
        }
        return new Thresholds(Math.min(DEFAULT_CAUTION, block), block, source, counts);
    }

    /** Judges the rate change and every stage's predicted counts (stages in plan order; those without a window skipped). */
    public Verdict judge(double rateChange, List<StagePrediction> stages) {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check(RATE_CHANGE, "all admitted tenants, whole history", rateChange, cautionAt, blockAbove, blockSource));
        for (CountBound b : counts) {
            // A trigger watches every stage: the stage predicted to come closest to it is the one to show.
            stages.stream()
                    .filter(p -> !p.window().isZero() && (b.stage() == null || b.stage().equals(p.stage())))
                    .max(Comparator.comparingDouble(p -> p.value(b.metric())))
                    .ifPresent(p -> checks.add(new Check(b.metric(), "stage " + p.stage() + ": " + p.tenants()
                            + (p.tenants() == 1 ? " tenant" : " tenants") + " for " + Durations.format(p.window()),
                            p.value(b.metric()), b.bound() / 2, b.bound(), b.source())));
        }
        Check decided = checks.stream()
                .max(Comparator.comparing(Check::verdict).thenComparingDouble(Check::pressure))
                .orElseThrow();
        return new Verdict(decided.verdict(), checks, decided);
    }
}
