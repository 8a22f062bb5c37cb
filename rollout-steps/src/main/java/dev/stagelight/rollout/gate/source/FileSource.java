package dev.stagelight.rollout.gate.source;

import dev.stagelight.rollout.input.InputDocument;
import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.InputNode;
import dev.stagelight.rollout.input.Strictness;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recorded samples for offline runs and the demo: each query as rendered, with the series it answered.
 *
 * <pre>
 *   recordings:
 *     - query: sum(rate(policy_eval_requests_total{group="canary"}[5m]))
 *       series:
 *         - labels: {}
 *           samples: [[1767225600, 12.5], [1767225660, 12.7]]
 * </pre>
 *
 * Queries are matched on their text with runs of whitespace collapsed. An instant query answers, per series, the last
 * sample at or before the time and within the lookback (5 minutes, as Prometheus); a range query answers the recorded
 * samples inside the window as they are (no resampling to the step). A query that is not recorded is
 * {@link Outcome#BAD_QUERY}: the gate asks for something the recording cannot answer.
 */
public final class FileSource implements MetricSource {
    public static final Duration LOOKBACK = Duration.ofMinutes(5);

    private final String file;
    private final Map<String, List<Series>> recordings;

    private FileSource(String file, Map<String, List<Series>> recordings) {
        this.file = file;
        this.recordings = recordings;
    }

    /** Loads {@code file} (YAML or JSON); bad content is an {@link InputException} naming file, line and field. */
    public static FileSource load(Path file) {
        InputDocument doc = InputLoader.load(file, Strictness.STRICT);
        InputNode root = doc.root().knownFields("recordings");
        Map<String, List<Series>> rec = new LinkedHashMap<>();
        for (InputNode r : root.requireList("recordings")) {
            r.knownFields("query", "series");
            String q = normalise(r.require("query").asNonBlankString());
            if (rec.putIfAbsent(q, SeriesReader.read(r)) != null) {
                throw r.require("query").problem("query recorded twice");
            }
        }
        return new FileSource(file.toString(), rec);
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    @Override
    public QueryResult query(Query q) {
        List<Series> recorded = recordings.get(normalise(q.text()));
        if (recorded == null) {
            return QueryResult.failed(describe(), q, Outcome.BAD_QUERY, "query not recorded in " + file + " ("
                    + recordings.size() + " recorded)", 1);
        }
        List<Series> out = new ArrayList<>();
        for (Series s : recorded) {
            List<Sample> picked = q.isRange() ? window(s.samples(), q.start(), q.time())
                    : latest(s.samples(), q.time());
            if (!picked.isEmpty()) {
                out.add(new Series(s.labels(), picked));
            }
        }
        return QueryResult.answered(describe(), q, out, 1);
    }

    private static List<Sample> window(List<Sample> samples, Instant from, Instant to) {
        List<Sample> out = new ArrayList<>();
        for (Sample p : samples) {
            if (!p.time().isBefore(from) && !p.time().isAfter(to)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The last sample at or before {@code at} and newer than {@code at - LOOKBACK}, stamped {@code at} as in
     * Prometheus. */
    private static List<Sample> latest(List<Sample> samples, Instant at) {
        Sample best = null;
        for (Sample p : samples) {
            if (!p.time().isAfter(at) && p.time().isAfter(at.minus(LOOKBACK))) {
                best = p;
            }
        }
        return best == null ? List.of() : List.of(new Sample(at, best.value()));
    }

    static String normalise(String query) {
        return query.strip().replaceAll("\\s+", " ");
    }
}
