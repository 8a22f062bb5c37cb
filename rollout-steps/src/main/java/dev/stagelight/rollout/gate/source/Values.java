package dev.stagelight.rollout.gate.source;

import java.math.BigDecimal;
import java.time.Instant;

/** Numbers and times as the Prometheus API writes them: values as strings ({@code "NaN"}, {@code "+Inf"}), times as
 * seconds with a fraction. */
final class Values {
    private Values() {}

    /** Parses a sample value; throws NumberFormatException for anything else. */
    static double parse(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf", "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                if (s.isEmpty() || !(Character.isDigit(s.charAt(s.length() - 1)) || s.charAt(s.length() - 1) == '.')) {
                    // Double.parseDouble would accept "Infinity", "1f" or "0x1p3"; the API never writes those.
                    throw new NumberFormatException("not a sample value: \"" + s + "\"");
                }
                yield Double.parseDouble(s);
            }
        };
    }

    /** Seconds since the epoch (fraction allowed) as an instant with millisecond precision. */
    static Instant time(BigDecimal seconds) {
        return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_EVEN)
                .longValueExact());
    }

    /** An instant as API seconds: {@code 1767225600} or {@code 1767225600.5}. */
    static String seconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli(), 3).stripTrailingZeros().toPlainString();
    }
}
