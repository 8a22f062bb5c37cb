package dev.stagelight.rollout.strategy;

import dev.stagelight.rollout.plan.StrategyConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The traffic shares of a {@code canary_traffic} rollout: {@code initial_percentage}, then up by {@code increment}
 * every {@code increment_interval}, the last step capped at 100. A tenant serves the new version at share {@code p}
 * when its hash bucket ({@link dev.stagelight.rollout.cohort.CohortHash}, 60 bits) lies below {@code p%} of the
 * bucket space, so a larger share always contains a smaller one and the published share is all a reader needs.
 */
public final class TrafficSteps {
    /** 2^60: the size of the bucket space. */
    static final double BUCKETS = 0x1p60;

    private TrafficSteps() {}

    public static List<Double> shares(StrategyConfig.CanaryTraffic c) {
        List<Double> out = new ArrayList<>();
        for (double p = c.initialPercentage(); p < 100; p += c.increment()) {
            if (p > 0) {
                out.add(p);
            }
        }
        out.add(100.0);
        return out;
    }

    /**
     * The share of traffic a canary_traffic rollout serves the new version now: the share of the latest stage that
     * has started, 0 before the first and after a rollback, null for other strategies.
     */
    public static Double current(dev.stagelight.rollout.state.RolloutState r) {
        if (r.strategy() == null || r.strategy().trafficPercent().isEmpty()) {
            return null;
        }
        if (r.status() == dev.stagelight.rollout.state.RolloutStatus.ROLLED_BACK) {
            return 0.0;
        }
        double share = 0;
        for (int i = 0; i < r.stages().size(); i++) {
            if (r.stages().get(i).status() != dev.stagelight.rollout.state.StageStatus.PENDING) {
                share = r.strategy().traffic(i);
            }
        }
        return share;
    }

    /** True when a tenant with {@code bucket} is in at {@code percent} (every tenant at 100). */
    public static boolean in(long bucket, double percent) {
        return percent >= 100 || bucket < percent / 100 * BUCKETS;
    }
}
