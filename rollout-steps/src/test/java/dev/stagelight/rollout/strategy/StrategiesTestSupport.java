package dev.stagelight.rollout.strategy;

import dev.stagelight.rollout.state.StageObservations;

/** The examples' strategy plans, planned, for tests outside this package. */
public final class StrategiesTestSupport {
    private StrategiesTestSupport() {}

    public static StrategyPlan planned(String file) {
        return StrategiesTest.planned(file);
    }

    public static StageObservations errorRate(double rate) {
        return StrategiesTest.errorRate(rate);
    }
}
