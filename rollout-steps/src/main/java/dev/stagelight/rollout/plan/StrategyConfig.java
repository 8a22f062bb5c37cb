package dev.stagelight.rollout.plan;

import java.time.Duration;
import java.util.List;

/** The {@code config} block of a non-staged strategy, in the shapes the flow shows. */
public sealed interface StrategyConfig {

    /** {@code blue_green}: both versions evaluated side by side, switch when verdicts agree often enough. */
    record BlueGreen(boolean parallelEvaluation, Duration comparisonPeriod, double verdictMatchRate) implements StrategyConfig {}

    /** {@code canary_traffic}: a share of evaluations goes to the new version, raised step by step. */
    record CanaryTraffic(double initialPercentage, double increment, Duration incrementInterval, double maxErrorRate)
            implements StrategyConfig {}

    /** {@code feature_flag}: a named flag with a default and per-tenant overrides. */
    record FeatureFlag(String flagName, boolean defaultValue, List<FlagOverride> overrides) implements StrategyConfig {
        public FeatureFlag {
            overrides = List.copyOf(overrides);
        }
    }

    record FlagOverride(String tenant, boolean value) {}
}
