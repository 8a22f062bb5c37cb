package dev.stagelight.rollout.gate.adaptive;

import dev.stagelight.rollout.input.InputException;
import dev.stagelight.verifier.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The metric history file of {@code rollout backtest}: CSV, one point a line, incidents labelled in place.
 *
 * <pre>
 * # lines starting with '#' are comments
 * timestamp,value,incident
 * 2026-11-02T00:00:00Z,0.1213,
 * 2026-11-09T03:15:00Z,0.1874,inc-01
 * </pre>
 *
 * {@code timestamp} is RFC 3339 or Unix seconds, strictly ascending; {@code value} a number ({@code NaN} for a missing
 * value); {@code incident} (optional column) empty or the id of the labelled incident the point belongs to. An
 * incident's interval runs from its first labelled point to its last, so its points must be contiguous. Errors name
 * the file, the line and the column.
 */
public final class HistoryCsv {
    static final String HEADER = "timestamp,value,incident";

    private HistoryCsv() {}

    public static MetricHistory read(Path file) {
        String name = file.toString();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new InputException(name, 0, 0, "", "expected UTF-8 text", e);
        } catch (IOException e) {
            throw new InputException(name, 0, 0, "", "cannot read file: " + e.getMessage(), e);
        }
        return parse(name, text);
    }

    public static MetricHistory parse(String name, String text) {
        String[] lines = text.split("\r?\n", -1);
        int n = 0;
        long[] times = new long[Math.max(16, lines.length)];
        double[] values = new double[times.length];
        Map<String, Instant[]> spans = new LinkedHashMap<>();
        String open = null;
        boolean header = false;
        boolean withIncidents = false;
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int lineNo = ln + 1;
            String[] cells = line.split(",", -1);
            if (!header) {
                String h = line.replace(" ", "").toLowerCase(Locale.ROOT);
                if (!h.equals("timestamp,value") && !h.equals(HEADER)) {
                    throw new InputException(name, lineNo, 1, "", "expected the header 'timestamp,value' or '" + HEADER
                            + "', got '" + line + "'");
                }
                header = true;
                withIncidents = h.equals(HEADER);
                continue;
            }
            int want = withIncidents ? 3 : 2;
            if (cells.length != want) {
                throw new InputException(name, lineNo, 1, "", "expected " + want + " columns, got " + cells.length);
            }
            long t = time(name, lineNo, cells[0].strip());
            if (n > 0 && t <= times[n - 1]) {
                throw new InputException(name, lineNo, 1, "timestamp", "expected a time after the previous line's ("
                        + Instant.ofEpochSecond(times[n - 1]) + "), got " + cells[0].strip());
            }
            double v = value(name, lineNo, cells[0].length() + 2, cells[1].strip());
            String inc = withIncidents ? cells[2].strip() : "";
            if (!inc.isEmpty()) {
                Instant at = Instant.ofEpochSecond(t);
                Instant[] span = spans.get(inc);
                if (span == null) {
                    spans.put(inc, new Instant[] {at, at});
                } else if (!inc.equals(open)) {
                    throw new InputException(name, lineNo, cells[0].length() + cells[1].length() + 3, "incident",
                            "incident '" + inc + "' resumes after it ended at " + span[1]
                                    + "; give each interval its own id");
                } else {
                    span[1] = at;
                }
            }
            open = inc.isEmpty() ? null : inc;
            times[n] = t;
            values[n] = v;
            n++;
        }
        if (!header) {
            throw new InputException(name, 1, 1, "", "expected the header '" + HEADER + "', got an empty file");
        }
        List<Incident> incidents = new ArrayList<>();
        spans.forEach((id, s) -> incidents.add(new Incident(id, s[0], s[1])));
        return new MetricHistory(name, java.util.Arrays.copyOf(times, n), java.util.Arrays.copyOf(values, n), incidents);
    }

    /** Writes {@code h} in this format, atomically (temp file, fsync, rename). */
    public static void write(Path file, MetricHistory h, List<String> comments) throws IOException {
        StringBuilder sb = new StringBuilder(h.size() * 40);
        for (String c : comments) {
            sb.append("# ").append(c).append('\n');
        }
        sb.append(HEADER).append('\n');
        int k = 0;
        List<Incident> incs = h.incidents();
        for (int i = 0; i < h.size(); i++) {
            while (k < incs.size() && incs.get(k).end().getEpochSecond() < h.times()[i]) {
                k++;
            }
            String label = k < incs.size() && incs.get(k).contains(h.times()[i]) ? incs.get(k).id() : "";
            sb.append(Instant.ofEpochSecond(h.times()[i])).append(',');
            double v = h.values()[i];
            sb.append(Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.6f", v)).append(',').append(label).append('\n');
        }
        AtomicFiles.replace(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static long time(String name, int line, String cell) {
        if (!cell.isEmpty() && cell.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.' || c == '-')) {
            try {
                return (long) Math.floor(Double.parseDouble(cell));
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        try {
            return OffsetDateTime.parse(cell).toInstant().getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new InputException(name, line, 1, "timestamp",
                    "expected an RFC 3339 time (2026-11-02T00:00:00Z) or Unix seconds, got '" + cell + "'");
        }
    }

    private static double value(String name, int line, int col, String cell) {
        if (cell.equals("NaN")) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(cell);
            if (Double.isFinite(d) && !cell.endsWith("d") && !cell.endsWith("f") && !cell.endsWith("D") && !cell.endsWith("F")) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new InputException(name, line, col, "value", "expected a number (or NaN), got '" + cell + "'");
    }
}
