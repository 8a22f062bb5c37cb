package dev.stagelight.rollout.gate.adaptive;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;

/**
 * One adaptive threshold rule (sprint 27, 3.4): a value is anomalous when its robust z-score against the baseline
 * crosses {@code threshold} in {@code direction}. The baseline is the window's past values of the same season (or all
 * of them, {@code flat}): expected = EWMA (smoothing {@code alpha}) of those values in time order, scale = 1.4826·MAD
 * of them. An alert needs {@code consecutive} anomalous points in a row; a bucket with fewer than
 * {@code minSamples} past values gives no verdict (no data is never a pass). {@code minPower} is the guardrail a
 * backtest holds the rule to; {@code minScale} is the floor of the scale (in the metric's unit) when the window is
 * constant.
 */
public record AdaptiveRule(String id, Method method, Baseline baseline, Season season, double alpha, Duration window,
        double threshold, Direction direction, int consecutive, int minSamples, double minPower, double minScale,
        ZoneId zone) {
    public static final double DEFAULT_ALPHA = 0.2;
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    public static final double DEFAULT_THRESHOLD = 3.5;
    public static final int DEFAULT_MIN_SAMPLES = 10;
    public static final double DEFAULT_MIN_POWER = 0.8;

    public AdaptiveRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(season, "season");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(zone, "zone");
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be a positive number, got " + threshold);
        }
        if (consecutive < 1) {
            throw new IllegalArgumentException("consecutive must be at least 1, got " + consecutive);
        }
        if (minSamples < 3) {
            throw new IllegalArgumentException("min_samples must be at least 3, got " + minSamples);
        }
        if (!(minPower >= 0 && minPower <= 1)) {
            throw new IllegalArgumentException("min_power must be in [0, 1], got " + minPower);
        }
        if (!(minScale >= 0) || Double.isInfinite(minScale)) {
            throw new IllegalArgumentException("min_scale must be 0 or more, got " + minScale);
        }
    }

    /** A seasonal hour-of-day rule with the defaults (alpha 0.2, window 7d, threshold 3.5, increase, UTC). */
    public static AdaptiveRule defaults(String id) {
        return new AdaptiveRule(id, Method.EWMA_MAD, Baseline.SEASONAL, Season.HOUR_OF_DAY, DEFAULT_ALPHA, DEFAULT_WINDOW,
                DEFAULT_THRESHOLD, Direction.INCREASE, 1, DEFAULT_MIN_SAMPLES, DEFAULT_MIN_POWER, 0, ZoneOffset.UTC);
    }

    public AdaptiveRule withAlpha(double a) {
        return new AdaptiveRule(id, method, baseline, season, a, window, threshold, direction, consecutive, minSamples,
                minPower, minScale, zone);
    }

    public AdaptiveRule withThreshold(double t) {
        return new AdaptiveRule(id, method, baseline, season, alpha, window, t, direction, consecutive, minSamples,
                minPower, minScale, zone);
    }

    public AdaptiveRule withConsecutive(int c) {
        return new AdaptiveRule(id, method, baseline, season, alpha, window, threshold, direction, c, minSamples,
                minPower, minScale, zone);
    }

    public AdaptiveRule withBaseline(Baseline b, Season s) {
        return new AdaptiveRule(id, method, b, s, alpha, window, threshold, direction, consecutive, minSamples,
                minPower, minScale, zone);
    }

    public AdaptiveRule withMinPower(double p) {
        return new AdaptiveRule(id, method, baseline, season, alpha, window, threshold, direction, consecutive, minSamples,
                p, minScale, zone);
    }

    /** One line: {@code export-spike: ewma_mad, seasonal hour_of_day, alpha 0.2, window 7d, z > 3.5, ...}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s: %s, %s, alpha %s, window %s, %s, %d consecutive, min_samples %d,"
                + " min_power %s", id, method.spelling(),
                baseline == Baseline.FLAT ? "flat baseline" : "seasonal " + season.spelling(), num(alpha),
                dev.stagelight.rollout.input.Durations.format(window), condition(), consecutive, minSamples, num(minPower));
    }

    /** {@code z > 3.5}, {@code z < -3.5} or {@code |z| > 3.5}. */
    public String condition() {
        return switch (direction) {
            case INCREASE -> "z > " + num(threshold);
            case DECREASE -> "z < -" + num(threshold);
            case EITHER -> "|z| > " + num(threshold);
        };
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
