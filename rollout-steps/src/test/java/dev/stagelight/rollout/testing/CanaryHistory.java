package dev.stagelight.rollout.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A generated history of the examples' metrics ({@code policy_eval_requests_total{group, code}},
 * {@code policy_eval_latency_p95_seconds{group}}), one sample a minute over {@link #DAYS} days with daily seasonality
 * (traffic follows the hour of day, half at its trough) and seeded noise. The baseline is healthy throughout; the
 * canary is healthy except in the 90 minutes before {@link #at(Scenario)} of its scenario's day.
 */
public final class CanaryHistory {
    /** One day per scenario, in this order; the canary's series stop 40 minutes before the last evaluation time. */
    public enum Scenario { HEALTHY, ERRORS, LATENCY, STOPPED }

    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    public static final int DAYS = Scenario.values().length;
    /** The evaluation time of each scenario: 18:00 of its day (near the traffic's trough: the guard still holds). */
    public static final Duration EVALUATED_AT = Duration.ofHours(18);

    private CanaryHistory() {}

    /** Writes the history as OpenMetrics text: {@code CanaryHistory FILE [SEED]} (for promtool, the demo, benches). */
    public static void main(String[] args) throws java.io.IOException {
        generate(args.length > 1 ? Long.parseLong(args[1]) : 27).write(java.nio.file.Path.of(args[0]));
    }

    public static Instant at(Scenario s) {
        return START.plus(Duration.ofDays(s.ordinal())).plus(EVALUATED_AT);
    }

    public static OpenMetricsHistory generate(long seed) {
        OpenMetricsHistory h = new OpenMetricsHistory();
        Random rnd = new Random(seed);
        int minutes = DAYS * 24 * 60;
        for (String group : List.of("baseline", "canary")) {
            boolean canary = group.equals("canary");
            double share = canary ? 200 : 800; // evaluations per minute at the daily mean
            long ok = 0, err = 0;
            for (int m = 0; m <= minutes; m++) {
                Instant t = START.plus(Duration.ofMinutes(m));
                Scenario bad = canary ? badAt(t) : null;
                if (bad == Scenario.STOPPED && !t.isBefore(at(Scenario.STOPPED).minus(Duration.ofMinutes(40)))) {
                    break; // the canary stopped reporting
                }
                double hour = (t.getEpochSecond() % 86400) / 3600.0;
                double season = 1 + 0.5 * Math.cos(2 * Math.PI * (hour - 14) / 24); // busiest at 14:00
                long total = Math.max(0, Math.round(share * season * (1 + 0.05 * rnd.nextGaussian())));
                double errorRatio = bad == Scenario.ERRORS ? 0.08 : 0.01;
                long e = Math.max(0, Math.round(total * errorRatio + Math.sqrt(total * errorRatio) * rnd.nextGaussian()));
                e = Math.min(e, total);
                ok += total - e;
                err += e;
                h.add("policy_eval_requests_total", Map.of("group", group, "code", "ok"), t, ok);
                h.add("policy_eval_requests_total", Map.of("group", group, "code", "error"), t, err);
                double p95 = (bad == Scenario.LATENCY ? 0.30 : 0.20) * (1 + 0.1 * (season - 1)) + 0.01 * rnd.nextGaussian();
                h.add("policy_eval_latency_p95_seconds", Map.of("group", group), t, Math.max(0.001, p95));
            }
        }
        return h;
    }

    /** The scenario whose bad window holds {@code t}, or null when the canary is healthy then. */
    private static Scenario badAt(Instant t) {
        for (Scenario s : Scenario.values()) {
            Instant end = at(s);
            if (s == Scenario.STOPPED ? !t.isBefore(end.minus(Duration.ofMinutes(90)))
                    : !t.isBefore(end.minus(Duration.ofMinutes(90))) && !t.isAfter(end)) {
                return s == Scenario.HEALTHY ? null : s;
            }
        }
        return null;
    }
}
