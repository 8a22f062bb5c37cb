package dev.stagelight.rollout.state;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a non-staged strategy adds to a stored rollout (absent for {@code staged}): which strategy made its stages,
 * and what the engine publishes beside the assignments. Flat and nullable per strategy so the stored JSON stays plain.
 *
 * @param strategy        the plan's spelling: blue_green, canary_traffic or feature_flag
 * @param trafficPercent  canary_traffic: per stage, the share of traffic (and of the tenants' hash buckets) it serves
 * @param flagName        feature_flag: the flag's name
 * @param flagDefault     feature_flag: the flag's value where no override and no stage says otherwise
 * @param flagOverrides   feature_flag: per-tenant values, resolved before the cohorts
 */
public record StrategyState(String strategy, List<Double> trafficPercent, String flagName, Boolean flagDefault,
                            Map<String, Boolean> flagOverrides) {
    public StrategyState {
        trafficPercent = trafficPercent == null ? List.of() : List.copyOf(trafficPercent);
        flagOverrides = flagOverrides == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(flagOverrides));
    }

    public boolean usesFlag() {
        return "feature_flag".equals(strategy);
    }

    /** The traffic share of stage {@code index}, or null when the strategy publishes none. */
    public Double traffic(int index) {
        return index >= 0 && index < trafficPercent.size() ? trafficPercent.get(index) : null;
    }
}
