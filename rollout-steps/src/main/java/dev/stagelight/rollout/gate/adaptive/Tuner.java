package dev.stagelight.rollout.gate.adaptive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Auto-tuning of one rule on a labelled history (KR3.2): every combination of a small grid of alpha, threshold and
 * consecutive is backtested; among those whose detection power reaches the rule's {@code min_power} the one with the
 * fewest alerts wins (then the shorter median time to detect, then the higher threshold, the less trigger-happy).
 * The rule's other fields (baseline, season, window, direction, min_samples, ...) stay as written.
 */
public final class Tuner {
    public static final double[] ALPHAS = {0.1, 0.2, 0.3, 0.5};
    public static final double[] THRESHOLDS = {3, 3.5, 4, 5, 6};
    public static final int[] CONSECUTIVE = {1, 2, 3};

    /** One tried combination and how it scored. */
    public record Trial(AdaptiveRule rule, DetectorScore score) {
        public boolean powerful() {
            return score.incidents() > 0 && score.power() >= rule.minPower();
        }
    }

    /** Every trial in grid order, and the best powerful one (empty when none reaches min_power). */
    public record Result(List<Trial> trials, Optional<Trial> best) {}

    private Tuner() {}

    public static Result tune(MetricHistory h, AdaptiveRule rule) {
        // An unreachable fixed bound: only the adaptive score matters here, the rival is searched once afterwards.
        FixedThreshold none = new FixedThreshold(Double.MAX_VALUE, null);
        List<Trial> trials = new ArrayList<>();
        for (double a : ALPHAS) {
            for (double t : THRESHOLDS) {
                for (int c : CONSECUTIVE) {
                    AdaptiveRule r = rule.withAlpha(a).withThreshold(t).withConsecutive(c);
                    trials.add(new Trial(r, Backtest.run(h, r, none).adaptive()));
                }
            }
        }
        Comparator<Trial> order = Comparator.<Trial>comparingInt(x -> x.score().alertCount())
                .thenComparing(x -> x.score().medianTimeToDetect().orElse(Duration.ZERO))
                .thenComparing(x -> -x.rule().threshold());
        return new Result(trials, trials.stream().filter(Trial::powerful).min(order));
    }
}
