package dev.stagelight.rollout.remediation;

import dev.stagelight.rollout.gate.source.QueryTemplate;
import java.time.Duration;
import java.util.List;

/**
 * An availability SLO and the windows its burn rate is read over. The burn rate over a window is the error ratio
 * in that window divided by the error budget {@code 1 - objective} (SRE workbook, "Alerting on SLOs"): burning at
 * 14.4x for an hour spends 2% of a 30-day budget.
 *
 * @param errors the rate of failed requests, with {@code {{interval}}} where the window goes
 * @param total  the rate of all requests, likewise
 */
public record SloSpec(double objective, QueryTemplate errors, QueryTemplate total, List<Duration> windows) {
    public SloSpec {
        windows = List.copyOf(windows);
        if (!(objective > 0 && objective < 1)) {
            throw new IllegalArgumentException("objective must be between 0 and 1 (exclusive), got " + objective);
        }
    }

    public double budget() {
        return 1 - objective;
    }

    /** The identifier a window's burn rate is bound to: {@code burn_rate_5m}, {@code burn_rate_1h}. */
    public static String burnRateName(Duration window) {
        return "burn_rate_" + dev.stagelight.rollout.input.Durations.format(window);
    }
}
