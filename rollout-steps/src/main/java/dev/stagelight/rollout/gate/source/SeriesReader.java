package dev.stagelight.rollout.gate.source;

import dev.stagelight.rollout.input.InputNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads series in the one format of the file and HTTP JSON sources, with located errors:
 *
 * <pre>
 *   series:
 *     - labels: {group: canary}
 *       samples: [[1767225600, 0.012], [1767225660, "NaN"], ["2026-01-01T00:02:00Z", "+Inf"]]
 * </pre>
 *
 * A time is seconds since the epoch (fraction allowed) or an RFC 3339 string; a value is a number or one of the
 * strings {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"} (JSON has no literal for them).
 */
final class SeriesReader {
    private SeriesReader() {}

    static List<Series> read(InputNode owner) {
        List<Series> out = new ArrayList<>();
        for (InputNode s : owner.requireList("series")) {
            s.knownFields("labels", "samples");
            List<Sample> samples = new ArrayList<>();
            Instant last = null;
            for (InputNode pair : s.requireList("samples")) {
                List<InputNode> tv = pair.asList();
                if (tv.size() != 2) {
                    throw pair.expected("[time, value]");
                }
                Instant t = time(tv.get(0));
                if (last != null && !t.isAfter(last)) {
                    throw tv.get(0).problem("sample times must increase, " + t + " follows " + last);
                }
                last = t;
                samples.add(new Sample(t, value(tv.get(1))));
            }
            out.add(new Series(s.stringMap("labels"), samples));
        }
        return out;
    }

    private static Instant time(InputNode n) {
        try {
            if (n.isList() || n.isMap()) {
                throw n.expected("seconds since the epoch or an RFC 3339 time");
            }
            String text = n.asText();
            if (text.matches("[0-9]+(\\.[0-9]+)?")) {
                return Values.time(new BigDecimal(text));
            }
            return Instant.parse(n.asString());
        } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
            throw n.expected("seconds since the epoch or an RFC 3339 time");
        }
    }

    private static double value(InputNode n) {
        if (n.isList() || n.isMap() || n.isNull()) {
            throw n.expected("a number or \"NaN\", \"+Inf\", \"-Inf\"");
        }
        try {
            return Values.parse(n.asText());
        } catch (NumberFormatException e) {
            throw n.expected("a number or \"NaN\", \"+Inf\", \"-Inf\"");
        }
    }
}
