package dev.stagelight.rollout.gate.judge;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The whole canary judgement, scored as Kayenta's NetflixACAJudge (WeightedSumScorer, ThresholdScoreClassifier):
 * every metric is classified by {@link MetricJudge}; a group's score is the percentage of its scored metrics
 * (Pass, High, Low, no data that must have data, Error) that pass; the run's score is the weighted sum of the group
 * scores, rounded to two places; at or above the pass threshold the run passes, at or above the marginal threshold
 * it is marginal, below it fails. A critical metric that is not Pass fails the run with score 0, whatever the score.
 *
 * <p>Where we are stricter than Kayenta, because no data is never a pass: a group whose metrics all lack data is left
 * out and the weights of the groups with data are scaled to 100 (Kayenta counts such a group as 100); when half or
 * more of the metrics have no data, or no weighted group has data, the run is {@link Outcome#NODATA} (inconclusive;
 * Kayenta fails it); and an Error counts as a failing metric (Kayenta leaves it out of the score).
 */
public final class CanaryJudge {
    /** Kayenta's share of no-data metrics (percent) from which the run is not scored. */
    public static final double NODATA_THRESHOLD = 50;

    /** The run's judgement; NODATA is inconclusive. */
    public enum Outcome {
        PASS, MARGINAL, FAIL, NODATA;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One group's score: its weight after scaling, the percentage passing, and the counts behind it. */
    public record GroupScore(String name, double weight, double score, int passed, int scored, int metrics,
                             boolean noData) {}

    /** One metric's verdict with the spec that asked for it. */
    public record MetricResult(JudgeConfig.MetricSpec spec, MetricJudge.Verdict verdict) {}

    /** The run: outcome, score (0..100; NaN when not scored), the deciding reason, groups and metrics. */
    public record Result(Outcome outcome, double score, String reason, double passThreshold, double marginalThreshold,
                         List<GroupScore> groups, List<MetricResult> metrics) {}

    private CanaryJudge() {}

    /**
     * Judges the canary against the baseline: {@code canary} and {@code baseline} map metric names to samples (a
     * metric missing on a side has no samples there).
     */
    public static Result judge(JudgeConfig config, Map<String, double[]> canary, Map<String, double[]> baseline) {
        Set<String> found = new LinkedHashSet<>(baseline.keySet());
        found.addAll(canary.keySet());
        List<JudgeConfig.MetricSpec> specs = config.metricsFor(found);
        MetricResult[] results = new MetricResult[specs.size()];
        // Metrics are independent: judged in parallel, each result in its own slot, so the order stays the config's.
        IntStream.range(0, results.length).parallel().forEach(i -> {
            JudgeConfig.MetricSpec m = specs.get(i);
            double[] c = canary.getOrDefault(m.name(), new double[0]);
            double[] b = baseline.getOrDefault(m.name(), new double[0]);
            results[i] = new MetricResult(m, MetricJudge.judge(m.name(), c, b, m.config()));
        });
        return score(config, List.of(results));
    }

    /** Scores classified metrics (the engine may classify them itself and score here). */
    public static Result score(JudgeConfig config, List<MetricResult> results) {
        double pass = config.passThreshold(), marginal = config.marginalThreshold();
        List<GroupScore> groups = groups(config, results);
        if (results.isEmpty()) {
            return new Result(Outcome.NODATA, Double.NaN, "no metrics to judge", pass, marginal, groups, results);
        }
        for (MetricResult r : results) {
            MetricJudge.Verdict v = r.verdict();
            if (v.critical() && v.label() != MetricJudge.Label.PASS) {
                return new Result(Outcome.FAIL, 0, "critical metric failed: " + v.explanation(), pass, marginal, groups,
                        results);
            }
        }
        long noData = results.stream().filter(r -> r.verdict().label() == MetricJudge.Label.NODATA).count();
        if (noData * 100.0 / results.size() >= NODATA_THRESHOLD) {
            return new Result(Outcome.NODATA, Double.NaN, String.format(Locale.ROOT,
                    "%d of %d metrics have no data (%s%% or more is not scored)", noData, results.size(),
                    MetricJudge.fmt(NODATA_THRESHOLD)), pass, marginal, groups, results);
        }
        double weight = 0, sum = 0;
        for (GroupScore g : groups) {
            if (!g.noData()) {
                weight += g.weight();
                sum += g.weight() * g.score();
            }
        }
        if (weight <= 0) {
            return new Result(Outcome.NODATA, Double.NaN, "no group with a weight above 0 has data", pass, marginal,
                    groups, results);
        }
        List<GroupScore> scaled = new ArrayList<>();
        for (GroupScore g : groups) {
            scaled.add(new GroupScore(g.name(), g.noData() ? 0 : g.weight() * 100 / weight, g.score(), g.passed(),
                    g.scored(), g.metrics(), g.noData()));
        }
        double score = BigDecimal.valueOf(sum / weight).setScale(2, RoundingMode.HALF_UP).doubleValue();
        Outcome o = score >= pass ? Outcome.PASS : score >= marginal ? Outcome.MARGINAL : Outcome.FAIL;
        String reason = String.format(Locale.ROOT, "score %s %s the %s threshold %s", MetricJudge.fmt(score),
                o == Outcome.FAIL ? "is below" : "reaches", o == Outcome.FAIL ? "marginal" : o.label(),
                MetricJudge.fmt(o == Outcome.PASS ? pass : marginal));
        return new Result(o, score, reason, pass, marginal, scaled, results);
    }

    /** Group scores in order of first appearance, with Kayenta's weights (unweighted groups share the rest). */
    private static List<GroupScore> groups(JudgeConfig config, List<MetricResult> results) {
        Map<String, int[]> counts = new LinkedHashMap<>(); // passed, scored, metrics
        for (MetricResult r : results) {
            for (String g : r.spec().groups()) {
                int[] c = counts.computeIfAbsent(g, k -> new int[3]);
                MetricJudge.Label l = r.verdict().label();
                c[2]++;
                if (l != MetricJudge.Label.NODATA) {
                    c[1]++;
                    if (l == MetricJudge.Label.PASS) {
                        c[0]++;
                    }
                }
            }
        }
        double explicit = 0;
        int unweighted = 0;
        for (String g : counts.keySet()) {
            Double w = config.groupWeights().get(g);
            if (w == null) {
                unweighted++;
            } else {
                explicit += w;
            }
        }
        double share = unweighted == 0 ? 0 : Math.max(0, 100 - explicit) / unweighted;
        List<GroupScore> out = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            double w = config.groupWeights().getOrDefault(e.getKey(), share);
            boolean none = c[1] == 0;
            out.add(new GroupScore(e.getKey(), w, none ? 0 : c[0] * 100.0 / c[1], c[0], c[1], c[2], none));
        }
        return out;
    }
}
