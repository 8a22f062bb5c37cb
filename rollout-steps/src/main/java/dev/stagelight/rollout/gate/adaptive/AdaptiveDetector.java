package dev.stagelight.rollout.gate.adaptive;

import dev.stagelight.rollout.gate.source.Sample;
import dev.stagelight.rollout.gate.source.Series;
import java.time.Instant;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Evaluates an {@link AdaptiveRule} on a series. Time comes only from the data (and the {@code at} the caller passes,
 * the engine's clock): the baseline of a point at time t is the series' values in [t − window, t) (flat), or, seasonal,
 * those of the same season bucket in the earlier occurrences of it that start within the window: [o − window, o) where
 * o is the start of t's hour (or day). The 14:00 hour of today is judged against 14:00 on the days before, never
 * against its own first minutes, and every point of one occurrence against the same baseline (computed once).
 *
 * <p>Per point: median and MAD of the baseline; scale = 1.4826·MAD with the {@link ScaleSource} guard; expected =
 * EWMA (the sprint's {@code ewma}) of the baseline values in time order, each first clipped to median ± threshold ×
 * scale so that a past incident does not drag the expectation (the MAD already ignores it); z = (x − expected) /
 * scale.
 */
public final class AdaptiveDetector {
    private final AdaptiveRule rule;
    private final ZoneRules zone;
    private final long windowSeconds;
    private final String[] labels;
    private final String condition;
    private final String holds;
    private final String holdsNot;

    public AdaptiveDetector(AdaptiveRule rule) {
        this.rule = rule;
        this.zone = rule.zone().getRules();
        this.windowSeconds = rule.window().getSeconds();
        int buckets = rule.baseline() == Baseline.FLAT ? 1 : rule.season().buckets();
        this.labels = new String[buckets];
        for (int b = 0; b < buckets; b++) {
            labels[b] = rule.baseline() == Baseline.FLAT ? "all" : rule.season().label(b);
        }
        this.condition = rule.condition();
        this.holds = condition + " holds";
        this.holdsNot = condition + " does not hold";
    }

    public AdaptiveRule rule() {
        return rule;
    }

    /**
     * The verdict at {@code at} (the engine's time): on the last sample at or before it, against the samples before
     * that one. NO_DATA when there is no such sample or too little baseline.
     */
    public AdaptiveVerdict evaluate(List<Sample> series, Instant at) {
        List<Sample> sorted = new ArrayList<>(series);
        sorted.sort(Comparator.comparing(Sample::time));
        int last = -1;
        for (int i = 0; i < sorted.size(); i++) {
            if (!sorted.get(i).time().isAfter(at)) {
                last = i;
            }
        }
        if (last < 0) {
            return noData(at, Double.NaN, "", 0, "no sample at or before " + at);
        }
        Sample s = sorted.get(last);
        long t = s.time().getEpochSecond();
        int b = bucket(t);
        long until = baselineEnd(t);
        double[] past = new double[last];
        int n = 0;
        for (int i = 0; i < last; i++) {
            Sample p = sorted.get(i);
            long pt = p.time().getEpochSecond();
            if (pt >= until - windowSeconds && pt < until && bucket(pt) == b && !Double.isNaN(p.value())) {
                past[n++] = p.value();
            }
        }
        return score(s.time(), s.value(), b, past, n, new double[Math.max(n, 1)], new Stats());
    }

    /** {@link #evaluate(List, Instant)} on a source's series. */
    public AdaptiveVerdict evaluate(Series series, Instant at) {
        return evaluate(series.samples(), at);
    }

    /**
     * Verdicts on every point of a series whose {@code epochSeconds} ascend strictly (a backtest, a replay), in one
     * pass: each season bucket keeps the indices of its values inside the window.
     */
    public List<AdaptiveVerdict> evaluateAll(long[] epochSeconds, double[] values) {
        if (epochSeconds.length != values.length) {
            throw new IllegalArgumentException("times and values differ in length");
        }
        int buckets = rule.baseline() == Baseline.FLAT ? 1 : rule.season().buckets();
        IndexQueue[] queues = new IndexQueue[buckets];
        for (int i = 0; i < buckets; i++) {
            queues[i] = new IndexQueue();
        }
        double[] past = new double[16];
        double[] scratch = new double[16];
        List<AdaptiveVerdict> out = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            long t = epochSeconds[i];
            if (i > 0 && t <= epochSeconds[i - 1]) {
                throw new IllegalArgumentException("times must ascend strictly; point " + i + " is not after point " + (i - 1));
            }
            int b = bucket(t);
            IndexQueue q = queues[b];
            long until = baselineEnd(t);
            while (q.size() > 0 && epochSeconds[q.first()] < until - windowSeconds) {
                q.removeFirst();
            }
            int n = q.size();
            while (n > 0 && epochSeconds[q.get(n - 1)] >= until) {
                n--; // the current occurrence's own values wait until the next occurrence
            }
            if (past.length < n) {
                past = new double[Math.max(n, past.length * 2)];
                scratch = new double[past.length];
            }
            // Same first value and count as last time: the same baseline, so its statistics still hold.
            if (!q.stats.valid || q.stats.head != q.head || q.stats.n != n) {
                for (int k = 0; k < n; k++) {
                    past[k] = values[q.get(k)];
                }
                q.stats.valid = false;
                q.stats.head = q.head;
                q.stats.n = n;
            }
            out.add(score(Instant.ofEpochSecond(t), values[i], b, past, n, scratch, q.stats));
            if (!Double.isNaN(values[i])) {
                q.add(i);
            }
        }
        return out;
    }

    /** {@link #evaluateAll(long[], double[])} on samples in time order (whole seconds). */
    public List<AdaptiveVerdict> evaluateAll(List<Sample> samples) {
        long[] t = new long[samples.size()];
        double[] v = new double[samples.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = samples.get(i).time().getEpochSecond();
            v[i] = samples.get(i).value();
        }
        return evaluateAll(t, v);
    }

    /** The end (exclusive) of the baseline of a point at {@code t}: t itself, or the start of its season occurrence. */
    long baselineEnd(long t) {
        return rule.baseline() == Baseline.FLAT ? t : rule.season().occurrenceStart(t, zone);
    }

    int bucket(long epochSecond) {
        return rule.baseline() == Baseline.FLAT ? 0 : rule.season().bucket(epochSecond, zone);
    }

    String bucketLabel(int b) {
        return labels[b];
    }

    /** The verdict on value x against the first n values of {@code past} (time order); {@code scratch} >= n long. */
    /** A baseline's statistics, kept while the baseline does not change. */
    private static final class Stats {
        boolean valid;
        int head = -1;
        int n = -1;
        double median;
        double scale;
        ScaleSource source;
        double expected;
    }

    /**
     * The verdict on value x against the first n values of {@code past} (time order; {@code scratch} at least n long),
     * or against {@code stats} when they are still valid for this baseline.
     */
    private AdaptiveVerdict score(Instant time, double x, int b, double[] past, int n, double[] scratch, Stats stats) {
        String label = bucketLabel(b);
        if (Double.isNaN(x)) {
            return noData(time, x, label, n, "the value is NaN");
        }
        if (n < rule.minSamples()) {
            return noData(time, x, label, n, n + " past values in bucket " + label + " within " + windowText()
                    + ", fewer than min_samples " + rule.minSamples());
        }
        if (!stats.valid) {
            baseline(past, n, scratch, stats);
        }
        double median = stats.median;
        double scale = stats.scale;
        double m = stats.expected;
        double z;
        if (scale > 0) {
            z = RobustStats.robustZ(x, m, scale);
        } else {
            z = x == m ? 0 : Math.copySign(Double.POSITIVE_INFINITY, x - m);
        }
        boolean anomaly = rule.direction().crosses(z, rule.threshold());
        return new AdaptiveVerdict(rule.id(), time, x, anomaly ? AdaptiveStatus.ANOMALY : AdaptiveStatus.NORMAL, label, n,
                median, m, scale, stats.source, z, rule.threshold(), condition, anomaly ? holds : holdsNot);
    }

    /** Median, guarded scale and clipped EWMA of the first n values of {@code past}, into {@code out}. */
    private void baseline(double[] past, int n, double[] scratch, Stats out) {
        System.arraycopy(past, 0, scratch, 0, n);
        double median = RobustStats.medianInPlace(scratch, n);
        for (int k = 0; k < n; k++) {
            scratch[k] = Math.abs(past[k] - median);
        }
        double meanAd = 0;
        for (int k = 0; k < n; k++) {
            meanAd += scratch[k];
        }
        meanAd /= n;
        double mad = RobustStats.medianInPlace(scratch, n);
        double scale = RobustStats.MAD_TO_SIGMA * mad;
        ScaleSource source = ScaleSource.MAD;
        if (scale == 0) {
            scale = RobustStats.MEAN_AD_TO_SIGMA * meanAd;
            source = ScaleSource.MEAN_ABSOLUTE_DEVIATION;
        }
        if (scale < rule.minScale()) {
            scale = rule.minScale();
            source = ScaleSource.MIN_SCALE;
        }
        if (scale == 0) {
            source = ScaleSource.CONSTANT;
        }
        // Clip the baseline into median ± threshold·scale before smoothing: one past spike must not raise the
        // expectation for the hours after it.
        double lo = median - rule.threshold() * scale;
        double hi = median + rule.threshold() * scale;
        double m = clip(past[0], lo, hi);
        double a = rule.alpha();
        for (int k = 1; k < n; k++) {
            m = a * clip(past[k], lo, hi) + (1 - a) * m;
        }
        out.median = median;
        out.scale = scale;
        out.source = source;
        out.expected = m;
        out.valid = true;
    }

    private AdaptiveVerdict noData(Instant time, double x, String label, int n, String reason) {
        return new AdaptiveVerdict(rule.id(), time, x, AdaptiveStatus.NO_DATA, label, n, Double.NaN, Double.NaN,
                Double.NaN, ScaleSource.MAD, Double.NaN, rule.threshold(), condition, reason);
    }

    private String windowText() {
        return dev.stagelight.rollout.input.Durations.format(rule.window());
    }

    private static double clip(double v, double lo, double hi) {
        return v < lo ? lo : Math.min(v, hi);
    }

    /** A growable FIFO of ints (indices of a bucket's values inside the window). */
    private static final class IndexQueue {
        final Stats stats = new Stats();
        private int[] items = new int[16];
        private int head;
        private int tail;

        int size() {
            return tail - head;
        }

        int first() {
            return items[head];
        }

        int get(int k) {
            return items[head + k];
        }

        void removeFirst() {
            head++;
        }

        void add(int v) {
            if (tail == items.length) {
                int n = size();
                int[] next = n * 2 > items.length ? new int[items.length * 2] : items;
                System.arraycopy(items, head, next, 0, n);
                items = next;
                head = 0;
                stats.valid = false; // indices moved
                tail = n;
            }
            items[tail++] = v;
        }
    }

    @Override
    public String toString() {
        return "AdaptiveDetector[" + rule.describe() + "]";
    }
}
