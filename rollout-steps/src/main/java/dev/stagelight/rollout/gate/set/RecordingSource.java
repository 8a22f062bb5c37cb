package dev.stagelight.rollout.gate.set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.rollout.gate.analysis.AnalysisRunner;
import dev.stagelight.rollout.gate.source.MetricSource;
import dev.stagelight.rollout.gate.source.Query;
import dev.stagelight.rollout.gate.source.QueryResult;
import dev.stagelight.rollout.gate.source.Sample;
import dev.stagelight.rollout.gate.source.Series;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Passes queries to another source and keeps every answered series, so one run against Prometheus can be replayed
 * offline ({@code rollout gate --record FILE}, then {@code --samples FILE}): the file is the file source's format,
 * samples of the same query text and labels merged in time order.
 */
public final class RecordingSource implements MetricSource {
    private final MetricSource inner;
    // query text -> label text -> (labels, time -> value)
    private final Map<String, Map<String, Recorded>> recorded = new LinkedHashMap<>();

    private record Recorded(Map<String, String> labels, TreeMap<Instant, Double> samples) {}

    public RecordingSource(MetricSource inner) {
        this.inner = inner;
    }

    @Override
    public QueryResult query(Query query) {
        QueryResult r = inner.query(query);
        if (r.outcome().answered()) {
            Map<String, Recorded> byLabels = recorded.computeIfAbsent(r.query(), k -> new LinkedHashMap<>());
            for (Series s : r.series()) {
                Recorded rec = byLabels.computeIfAbsent(s.labelText(), k -> new Recorded(s.labels(), new TreeMap<>()));
                for (Sample p : s.samples()) {
                    rec.samples().put(p.time(), p.value());
                }
            }
        }
        return r;
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    /** The recordings as the file source reads them (JSON, which is also YAML). */
    public byte[] toBytes() throws com.fasterxml.jackson.core.JsonProcessingException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode recs = root.putArray("recordings");
        recorded.forEach((query, series) -> {
            ObjectNode r = recs.addObject();
            r.put("query", query);
            ArrayNode ss = r.putArray("series");
            for (Recorded rec : series.values()) {
                ObjectNode s = ss.addObject();
                ObjectNode labels = s.putObject("labels");
                rec.labels().forEach(labels::put);
                ArrayNode samples = s.putArray("samples");
                rec.samples().forEach((t, v) -> {
                    ArrayNode pair = samples.addArray();
                    pair.add(t.toString());
                    if (Double.isFinite(v)) {
                        pair.add(v);
                    } else {
                        pair.add(AnalysisRunner.num(v));
                    }
                });
            }
        });
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root);
    }
}
