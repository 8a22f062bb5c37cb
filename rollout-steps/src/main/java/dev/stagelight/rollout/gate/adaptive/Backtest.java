package dev.stagelight.rollout.gate.adaptive;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a labelled metric history through an adaptive rule and through a fixed threshold, on the same points, and
 * scores both ({@link DetectorScore}). Time comes only from the history.
 */
public final class Backtest {
    /** Above this many candidate values the fixed-threshold search tries an evenly spread subset. */
    static final int MAX_CANDIDATES = 2_000;

    private Backtest() {}

    /**
     * Backtests {@code rule} on {@code h}. With {@code fixed} null, the fixed rival is searched: the highest (for
     * {@code increase}; lowest for {@code decrease}) threshold that detects as many incidents as the rule, so alert
     * counts are compared at equal detection power.
     */
    public static BacktestReport run(MetricHistory h, AdaptiveRule rule, FixedThreshold fixed) {
        List<AdaptiveVerdict> verdicts = new AdaptiveDetector(rule).evaluateAll(h.times(), h.values());
        int n = h.size();
        int from = 0;
        while (from < n && verdicts.get(from).status() == AdaptiveStatus.NO_DATA) {
            from++;
        }
        boolean[] flags = new boolean[n];
        for (int i = 0; i < n; i++) {
            flags[i] = verdicts.get(i).anomalous();
        }
        int[] incidentOf = incidentIndex(h);
        long scoredFromSecond = from < n ? h.times()[from] : Long.MAX_VALUE;
        boolean[] scored = new boolean[h.incidents().size()];
        int scoredCount = 0;
        for (int k = 0; k < scored.length; k++) {
            scored[k] = h.incidents().get(k).start().getEpochSecond() >= scoredFromSecond;
            scoredCount += scored[k] ? 1 : 0;
        }
        Context c = new Context(h, from, incidentOf, scored, scoredCount, rule.consecutive());
        DetectorScore adaptive = c.score("adaptive", rule.condition(), flags);
        boolean chosen = fixed == null;
        if (chosen) {
            fixed = search(c, rule.direction(), adaptive.detected());
        }
        DetectorScore fixedScore = c.score("fixed", fixed.condition(), c.flags(fixed));
        return new BacktestReport(h.source(), n, n == 0 ? null : h.time(0), n == 0 ? null : h.time(n - 1), rule,
                from < n ? h.time(from) : null, n - from, h.incidents().size(), scoredCount, adaptive, fixedScore, fixed,
                chosen);
    }

    private static FixedThreshold search(Context c, Direction direction, int targetDetected) {
        if (direction == Direction.EITHER) {
            throw new IllegalArgumentException("direction either: give the fixed rival's bounds (--fixed-above and/or"
                    + " --fixed-below); the search picks one bound only");
        }
        boolean up = direction == Direction.INCREASE;
        double[] candidates = candidates(c, up);
        if (candidates.length == 0) {
            // No scored incident: compare with the most permissive rule that flags nothing normal-looking.
            double extreme = extreme(c, up);
            return up ? new FixedThreshold(extreme, null) : new FixedThreshold(null, extreme);
        }
        FixedThreshold best = null;
        DetectorScore bestScore = null;
        for (double v : candidates) {
            FixedThreshold f = up ? new FixedThreshold(Math.nextDown(v), null) : new FixedThreshold(null, Math.nextUp(v));
            DetectorScore s = c.score("fixed", f.condition(), c.flags(f));
            if (bestScore == null || better(s, bestScore, targetDetected)) {
                best = f;
                bestScore = s;
            }
        }
        return best;
    }

    /** Reaching the target first; then fewer alerts; candidates come strictest first, so ties keep the strictest. */
    private static boolean better(DetectorScore s, DetectorScore best, int target) {
        boolean sOk = s.detected() >= target;
        boolean bOk = best.detected() >= target;
        if (sOk != bOk) {
            return sOk;
        }
        if (!sOk && s.detected() != best.detected()) {
            return s.detected() > best.detected();
        }
        return s.alertCount() < best.alertCount();
    }

    /** The values of scored incident points, strictest threshold first (descending for increase, else ascending). */
    private static double[] candidates(Context c, boolean up) {
        double[] v = new double[c.h.size()];
        int m = 0;
        for (int i = c.from; i < c.h.size(); i++) {
            int k = c.incidentOf[i];
            if (k >= 0 && c.scored[k] && !Double.isNaN(c.h.values()[i])) {
                v[m++] = c.h.values()[i];
            }
        }
        double[] d = Arrays.stream(v, 0, m).distinct().sorted().toArray();
        if (d.length > MAX_CANDIDATES) {
            double[] s = new double[MAX_CANDIDATES];
            for (int i = 0; i < s.length; i++) {
                s[i] = d[(int) ((long) i * (d.length - 1) / (s.length - 1))];
            }
            d = s;
        }
        if (!up) {
            return d; // ascending: the lowest bound is the strictest
        }
        double[] out = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[d.length - 1 - i];
        }
        return out;
    }

    private static double extreme(Context c, boolean up) {
        double e = up ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (int i = c.from; i < c.h.size(); i++) {
            double v = c.h.values()[i];
            if (!Double.isNaN(v)) {
                e = up ? Math.max(e, v) : Math.min(e, v);
            }
        }
        return Double.isInfinite(e) ? 0 : e;
    }

    /**
     * Scores precomputed flags from point {@code from} on, every incident starting at or after it scored (for tests
     * and other detectors).
     */
    static DetectorScore scoreFlags(MetricHistory h, int from, boolean[] flags, int consecutive) {
        boolean[] scored = new boolean[h.incidents().size()];
        int count = 0;
        for (int k = 0; k < scored.length; k++) {
            scored[k] = from < h.size() && h.incidents().get(k).start().getEpochSecond() >= h.times()[from];
            count += scored[k] ? 1 : 0;
        }
        return new Context(h, from, incidentIndex(h), scored, count, consecutive).score("flags", "given", flags);
    }

    /** For each point, the index of the incident containing it, or -1. */
    static int[] incidentIndex(MetricHistory h) {
        int[] out = new int[h.size()];
        Arrays.fill(out, -1);
        long[] t = h.times();
        for (int k = 0; k < h.incidents().size(); k++) {
            Incident inc = h.incidents().get(k);
            int i = Arrays.binarySearch(t, inc.start().getEpochSecond());
            for (i = i < 0 ? -i - 1 : i; i < t.length && t[i] <= inc.end().getEpochSecond(); i++) {
                out[i] = k;
            }
        }
        return out;
    }

    /** What both detectors are scored on. */
    private record Context(MetricHistory h, int from, int[] incidentOf, boolean[] scored, int scoredCount,
            int consecutive) {

        boolean[] flags(FixedThreshold f) {
            boolean[] out = new boolean[h.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = f.flags(h.values()[i]);
            }
            return out;
        }

        DetectorScore score(String name, String condition, boolean[] flags) {
            List<Alert> alerts = new ArrayList<>();
            Map<Integer, Instant> firstCatch = new LinkedHashMap<>();
            long flaggedOutside = 0;
            long outside = 0;
            int run = 0;
            boolean active = false;
            long[] t = h.times();
            for (int i = from; i < t.length; i++) {
                int k = incidentOf[i];
                if (k < 0) {
                    outside++;
                    flaggedOutside += flags[i] ? 1 : 0;
                }
                if (!flags[i]) {
                    run = 0;
                    active = false;
                    continue;
                }
                run++;
                if (!active && run >= consecutive) {
                    active = true;
                    Instant at = Instant.ofEpochSecond(t[i]);
                    alerts.add(new Alert(at, k < 0 ? null : h.incidents().get(k).id()));
                    if (k >= 0 && scored[k]) {
                        firstCatch.putIfAbsent(k, at);
                    }
                }
            }
            List<Duration> ttd = new ArrayList<>();
            firstCatch.forEach((k, at) -> ttd.add(Duration.between(h.incidents().get(k).start(), at)));
            double days = from < t.length ? (t[t.length - 1] - t[from]) / 86_400.0 : 0;
            return new DetectorScore(name, condition, alerts, scoredCount, firstCatch.size(), ttd, flaggedOutside, outside,
                    days);
        }
    }
}
