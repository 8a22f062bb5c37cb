package dev.stagelight.rollout.impact;

import java.time.Duration;

/**
 * What one stage should observe if the history repeats: its cohort's new failures and new critical blocks per day of
 * history, times the stage's monitoring window. This is the scale on which the plan's success criteria
 * ({@code max_new_failures}) and count triggers ({@code new_critical_blocks}, {@code new_failures}) are judged.
 *
 * @param tenants cumulative cohort size (every tenant on the new version while the stage is monitored)
 */
public record StagePrediction(String stage, int tenants, Duration window, double newFailures, double newCriticalBlocks) {
    /** A shorter history than this counts as this long, so a day of scans is not stretched into a week's rate. */
    static final Duration MIN_HISTORY = Duration.ofDays(1);

    /** Scales counts seen over {@code history} to {@code window}. */
    static StagePrediction scale(String stage, int tenants, Duration window, long newFailures, long newCritical,
                                 Duration history) {
        Duration h = history.compareTo(MIN_HISTORY) < 0 ? MIN_HISTORY : history;
        double f = (double) window.toSeconds() / h.toSeconds();
        return new StagePrediction(stage, tenants, window, newFailures * f, newCritical * f);
    }

    public double value(String metric) {
        return switch (metric) {
            case "new_failures" -> newFailures;
            case "new_critical_blocks" -> newCriticalBlocks;
            default -> throw new IllegalArgumentException("no per-stage prediction of " + metric);
        };
    }
}
