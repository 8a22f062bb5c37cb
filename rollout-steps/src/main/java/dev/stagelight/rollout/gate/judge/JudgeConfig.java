package dev.stagelight.rollout.gate.judge;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the canary judge needs besides the samples: the metrics with their groups and settings, the group weights,
 * and the score thresholds. With no metrics listed, every metric found in the samples is judged with
 * {@code defaults}, in the group {@value #DEFAULT_GROUP}.
 *
 * @param defaults settings of metrics that are not listed (and the base every listed metric overrides)
 * @param metrics the metrics to judge, in report order
 * @param groupWeights explicit weights (0..100, summing to at most 100); groups without one share the rest equally
 * @param passThreshold the smallest score that passes (Kayenta's "pass", 0..100)
 * @param marginalThreshold the smallest score that is marginal rather than a failure (Kayenta's "marginal")
 */
public record JudgeConfig(MetricJudge.Config defaults, List<MetricSpec> metrics, Map<String, Double> groupWeights,
                          double passThreshold, double marginalThreshold) {
    public static final String DEFAULT_GROUP = "default";
    /** Spinnaker's defaults for the score thresholds. */
    public static final double DEFAULT_PASS = 75;
    public static final double DEFAULT_MARGINAL = 50;

    /** One metric to judge: its name, the groups it scores in, and its settings. */
    public record MetricSpec(String name, List<String> groups, MetricJudge.Config config) {
        public MetricSpec {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a metric needs a name");
            }
            groups = groups == null || groups.isEmpty() ? List.of(DEFAULT_GROUP) : List.copyOf(groups);
        }
    }

    public JudgeConfig {
        metrics = List.copyOf(metrics);
        groupWeights = Map.copyOf(new LinkedHashMap<>(groupWeights));
        if (!(passThreshold >= 0 && passThreshold <= 100) || !(marginalThreshold >= 0 && marginalThreshold <= 100)) {
            throw new IllegalArgumentException("score thresholds lie in 0..100, found pass " + passThreshold
                    + ", marginal " + marginalThreshold);
        }
        if (marginalThreshold > passThreshold) {
            throw new IllegalArgumentException("the marginal threshold " + marginalThreshold
                    + " exceeds the pass threshold " + passThreshold);
        }
        double sum = 0;
        for (Map.Entry<String, Double> e : groupWeights.entrySet()) {
            if (!(e.getValue() >= 0 && e.getValue() <= 100)) {
                throw new IllegalArgumentException("group weight of " + e.getKey() + " must lie in 0..100, found "
                        + e.getValue());
            }
            sum += e.getValue();
        }
        if (sum > 100 + 1e-9) {
            throw new IllegalArgumentException("group weights sum to " + sum + "; at most 100");
        }
        Set<String> names = new LinkedHashSet<>();
        for (MetricSpec m : metrics) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("metric " + m.name() + " is listed twice");
            }
        }
    }

    /** Kayenta's NetflixACAJudge settings for every metric found, thresholds 75 / 50. */
    public static JudgeConfig kayenta() {
        return new JudgeConfig(MetricJudge.Config.defaults(), List.of(), Map.of(), DEFAULT_PASS, DEFAULT_MARGINAL);
    }

    /** The metrics to judge given the names found in the samples: the listed ones, or every name found. */
    public List<MetricSpec> metricsFor(Set<String> found) {
        if (!metrics.isEmpty()) {
            return metrics;
        }
        return found.stream().map(n -> new MetricSpec(n, List.of(), defaults)).toList();
    }
}
