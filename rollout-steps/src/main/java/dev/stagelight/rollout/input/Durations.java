package dev.stagelight.rollout.input;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as rollout plans write them: a sequence of number+unit ({@code 24h}, {@code 30m}, {@code 90s},
 * {@code 2d}, {@code 1h30m}; units d, h, m, s, ms) or ISO-8601 ({@code PT24H}, {@code P2D}).
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(?:\\d+(?:ms|[dhms]))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|[dhms])");

    private Durations() {}

    /** The duration, or empty if {@code text} is in neither form. Negative durations are not accepted. */
    public static Optional<Duration> parse(String text) {
        String t = text.trim();
        if (SHORT.matcher(t).matches()) {
            Duration total = Duration.ZERO;
            Matcher m = PART.matcher(t);
            try {
                while (m.find()) {
                    long n = Long.parseLong(m.group(1));
                    total = total.plus(switch (m.group(2)) {
                        case "d" -> Duration.ofDays(n);
                        case "h" -> Duration.ofHours(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "s" -> Duration.ofSeconds(n);
                        default -> Duration.ofMillis(n);
                    });
                }
            } catch (ArithmeticException | NumberFormatException overflow) {
                return Optional.empty();
            }
            return Optional.of(total);
        }
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                Duration d = Duration.parse(t);
                return d.isNegative() ? Optional.empty() : Optional.of(d);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The one duration format of reports, tables and events, as the flow writes them ({@code "96h"}): hours at most,
     * then minutes, seconds, milliseconds ({@code 48h}, {@code 1h30m}, {@code 1m30s}, {@code 0s}); {@link #parse}
     * reads it back.
     */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long hours = d.toHours();
        if (hours > 0) sb.append(hours).append('h');
        if (d.toMinutesPart() > 0) sb.append(d.toMinutesPart()).append('m');
        if (d.toSecondsPart() > 0) sb.append(d.toSecondsPart()).append('s');
        if (d.toMillisPart() > 0) sb.append(d.toMillisPart()).append("ms");
        return sb.toString();
    }
}
