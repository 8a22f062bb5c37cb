package dev.stagelight.rollout.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A metric history written as OpenMetrics text for {@code promtool tsdb create-blocks-from openmetrics}: families
 * not interleaved, each series' samples in time order, timestamps in seconds, {@code NaN}/{@code +Inf} spelled as
 * OpenMetrics spells them, and the closing {@code # EOF}. Names ending in {@code _total} are counters (the family
 * name drops the suffix, as OpenMetrics requires); others are gauges.
 */
public final class OpenMetricsHistory {
    private record Point(long seconds, double value) {}

    // family -> series text ({labels}) -> points; tree maps give a stable, sorted file.
    private final Map<String, Map<String, List<Point>>> families = new TreeMap<>();

    /** Adds one sample; labels are written sorted. */
    public OpenMetricsHistory add(String metric, Map<String, String> labels, Instant time, double value) {
        if (time.getNano() != 0) {
            throw new IllegalArgumentException("history times are whole seconds, got " + time);
        }
        StringBuilder key = new StringBuilder(metric);
        if (!labels.isEmpty()) {
            key.append('{');
            new TreeMap<>(labels).forEach((k, v) -> key.append(k).append("=\"").append(v.replace("\\", "\\\\")
                    .replace("\"", "\\\"").replace("\n", "\\n")).append("\","));
            key.setLength(key.length() - 1);
            key.append('}');
        }
        families.computeIfAbsent(family(metric), f -> new TreeMap<>())
                .computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(new Point(time.getEpochSecond(), value));
        return this;
    }

    private static String family(String metric) {
        return metric.endsWith("_total") ? metric.substring(0, metric.length() - "_total".length()) : metric;
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        families.forEach((family, series) -> {
            boolean counter = series.keySet().iterator().next().startsWith(family + "_total");
            sb.append("# TYPE ").append(family).append(counter ? " counter" : " gauge").append('\n');
            series.forEach((key, points) -> {
                points.sort(java.util.Comparator.comparingLong(Point::seconds));
                for (Point p : points) {
                    sb.append(key).append(' ').append(number(p.value())).append(' ').append(p.seconds()).append('\n');
                }
            });
        });
        return sb.append("# EOF\n").toString();
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, text(), StandardCharsets.UTF_8);
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
