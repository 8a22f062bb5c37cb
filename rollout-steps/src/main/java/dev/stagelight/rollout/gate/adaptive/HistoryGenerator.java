package dev.stagelight.rollout.gate.adaptive;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A synthetic p95-latency history (seconds) with labelled incidents, deterministic for a seed, for trying
 * {@code rollout backtest} end to end. Its shape, and the reason adaptive thresholds exist:
 * <ul>
 *   <li>daily seasonality, as traffic drives latency: 0.100 s at 03:00 UTC rising to 0.200 s at 15:00
 *       (× (1 + (1 − cos)/2)), weekends 15% lower;</li>
 *   <li>noise: 5% of the level (normal), plus benign one-point blips (0.5% of points, +20..50%) that are not
 *       incidents;</li>
 *   <li>incidents: about one every two days after the first week (so a 7-day baseline has formed), 30..120 minutes,
 *       ramping up over their first 15 minutes to +20..50% of the level. At night that stays inside the afternoon's
 *       normal range, so a fixed threshold low enough to catch it also fires on ordinary afternoons.</li>
 * </ul>
 */
public final class HistoryGenerator {
    public static final Instant DEFAULT_START = Instant.parse("2026-11-02T00:00:00Z"); // a Monday
    public static final Duration STEP = Duration.ofMinutes(5);
    static final double BASE = 0.100;
    static final double DAILY_AMPLITUDE = 1.0;
    static final double WEEKEND = 0.85;
    static final double NOISE = 0.05;
    static final double BLIP_RATE = 0.005;

    private HistoryGenerator() {}

    /** {@code days} of 5-minute points from {@code start}; the same seed gives the same history. */
    public static MetricHistory generate(long seed, int days, Instant start) {
        if (days < 1 || days > 3660) {
            throw new IllegalArgumentException("--days must be from 1 to 3660, got " + days);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = (int) (Duration.ofDays(days).toSeconds() / STEP.toSeconds());
        long t0 = start.getEpochSecond();
        long step = STEP.toSeconds();
        long[] times = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = t0 + i * step;
            double level = level(times[i]);
            double v = level * (1 + NOISE * gaussian(rnd));
            if (rnd.nextDouble() < BLIP_RATE) {
                v *= 1.2 + 0.3 * rnd.nextDouble();
            }
            values[i] = v;
        }
        List<Incident> incidents = new ArrayList<>();
        int count = Math.max(0, (days - 7) / 2);
        long from = t0 + Duration.ofDays(Math.min(7, days)).toSeconds();
        long to = t0 + n * step;
        if (count > 0) {
            // One incident in each equal slot after the first week, at a random time within its slot.
            long slot = (to - from) / count / step * step; // on the 5-minute grid, as a CSV's labels are
            for (int k = 0; k < count; k++) {
                long minutes = 30 + 5L * rnd.nextInt(19); // 30..120 min
                long latestStart = slot - minutes * 60 - 3_600;
                long s = from + k * slot + step * (long) rnd.nextInt((int) Math.max(1, latestStart / step));
                long e = s + minutes * 60 - step;
                double shift = 0.2 + 0.3 * rnd.nextDouble();
                for (int i = (int) ((s - t0) / step); i < n && times[i] <= e; i++) {
                    double ramp = Math.min(1, (times[i] - s + step) / 900.0);
                    values[i] += level(times[i]) * shift * ramp;
                }
                incidents.add(new Incident(String.format(Locale.ROOT, "inc-%02d", k + 1), Instant.ofEpochSecond(s),
                        Instant.ofEpochSecond(e)));
            }
        }
        return new MetricHistory("generated (seed " + seed + ", " + days + " days)", times, values, incidents);
    }

    /** The noise-free level at {@code epochSecond}: daily cycle (trough 03:00 UTC, peak 15:00), weekends lower. */
    static double level(long epochSecond) {
        double hour = Math.floorMod(epochSecond, 86_400) / 3_600.0;
        double daily = (1 - Math.cos(2 * Math.PI * (hour - 3) / 24)) / 2;
        long dow = Math.floorMod(Math.floorDiv(epochSecond, 86_400) + 3, 7); // 0 = Monday
        return BASE * (1 + DAILY_AMPLITUDE * daily) * (dow >= 5 ? WEEKEND : 1);
    }

    /** The comment lines a generated file starts with. */
    public static List<String> describe(long seed, int days, MetricHistory h) {
        return List.of("stagelight metric history: synthetic p95 latency in seconds, 5-minute points",
                String.format(Locale.ROOT, "seed %d, %d days, %d points, %d labelled incidents; daily cycle 0.100..0.200 s,"
                        + " weekends -15%%, 5%% noise, 0.5%% benign blips, incidents +20..50%%", seed, days, h.size(), h.incidents().size()),
                "columns: timestamp (RFC 3339), value, incident (id of the labelled incident, or empty)");
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
