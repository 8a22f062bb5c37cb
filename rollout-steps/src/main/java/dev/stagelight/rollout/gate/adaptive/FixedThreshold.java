package dev.stagelight.rollout.gate.adaptive;

import java.util.Locale;

/** The static rule a backtest compares with: a point is flagged above {@code above} and/or below {@code below}. */
public record FixedThreshold(Double above, Double below) {
    public FixedThreshold {
        if (above == null && below == null) {
            throw new IllegalArgumentException("a fixed threshold needs a bound above or below");
        }
    }

    public boolean flags(double v) {
        return !Double.isNaN(v) && ((above != null && v > above) || (below != null && v < below));
    }

    public String condition() {
        String a = above == null ? null : String.format(Locale.ROOT, "value > %.6g", above);
        String b = below == null ? null : String.format(Locale.ROOT, "value < %.6g", below);
        return a == null ? b : b == null ? a : a + " or " + b;
    }
}
