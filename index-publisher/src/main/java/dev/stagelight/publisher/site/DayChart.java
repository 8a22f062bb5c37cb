package dev.stagelight.publisher.site;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The home page's chart of entries per day, stacked by region, as numbers for an inline SVG (drawn by the generator,
 * no script): the last {@link #DAYS} days up to the newest entry's day. Colours come from CSS classes, so the chart
 * follows light and dark mode and needs no inline style.
 */
final class DayChart {
    static final int DAYS = 30;
    static final int SERIES = 7;
    private static final int WIDTH = 720;
    private static final int HEIGHT = 180;
    private static final int LEFT = 40;
    private static final int TOP = 16;
    private static final int BASE = 160;

    private DayChart() {}

    static Map<String, Object> model(TreeMap<String, TreeMap<String, Long>> days) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("width", WIDTH);
        m.put("height", HEIGHT);
        m.put("left", LEFT);
        m.put("base", BASE);
        List<Object> bars = new ArrayList<>();
        m.put("bars", bars);
        if (days.isEmpty()) {
            m.put("legend", List.of());
            return m;
        }
        LocalDate to = LocalDate.parse(days.lastKey());
        LocalDate from = to.minusDays(DAYS - 1);
        TreeSet<String> regions = new TreeSet<>();
        long max = 1;
        for (var d : days.tailMap(from.toString(), true).entrySet()) {
            regions.addAll(d.getValue().keySet());
            max = Math.max(max, d.getValue().values().stream().mapToLong(Long::longValue).sum());
        }
        List<String> order = new ArrayList<>(regions);
        double slot = (WIDTH - LEFT) / (double) DAYS;
        for (int i = 0; i < DAYS; i++) {
            String day = from.plusDays(i).toString();
            TreeMap<String, Long> perRegion = days.getOrDefault(day, new TreeMap<>());
            double y = BASE;
            for (var r : perRegion.entrySet()) {
                double h = (BASE - TOP) * r.getValue() / (double) max;
                y -= h;
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("x", fmt(LEFT + i * slot + 1));
                b.put("y", fmt(y));
                b.put("w", fmt(slot - 2));
                b.put("h", fmt(h));
                b.put("series", order.indexOf(r.getKey()) % SERIES);
                b.put("label", day + ": " + r.getValue() + " in " + r.getKey());
                bars.add(b);
            }
        }
        List<Object> legend = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            legend.add(Map.of("name", order.get(i), "series", i % SERIES));
        }
        m.put("legend", legend);
        m.put("from", from.toString());
        m.put("to", to.toString());
        m.put("max", max);
        return m;
    }

    /** Fixed one-decimal text, locale-free, so a rebuild writes the same bytes. */
    private static String fmt(double v) {
        long tenths = Math.round(v * 10);
        return (tenths / 10) + "." + Math.abs(tenths % 10);
    }
}
