package dev.stagelight.publisher.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Export-id look-up shards, {@code api/v1/export-id/<ab>/<cd>.json} keyed by the first hex digits of SHA-256 of the
 * id: {@code {"version":1,"entries":[{"export_id","seq","manifest_sha256"}...]}}, sorted by id then seq. At most
 * 65,536 shards, so one look-up downloads a few hundred bytes even at a million entries. An incremental render
 * rewrites only the shards its new entries fall in, dropping rows at or past the size the site was rendered for.
 */
final class ExportIdShards {
    record Hit(String exportId, long seq, String sha256) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<Hit> ORDER = Comparator.comparing(Hit::exportId).thenComparingLong(Hit::seq);

    private final Map<String, List<Hit>> added = new TreeMap<>();

    Map<String, List<Hit>> added() {
        return added;
    }

    void add(String exportId, long seq, String sha256) {
        if (!exportId.isEmpty()) {
            added.computeIfAbsent(SitePaths.exportIdShard(exportId), k -> new ArrayList<>()).add(new Hit(exportId, seq, sha256));
        }
    }

    /** Writes every touched shard; {@code keepBelow} rows of an existing shard are kept (0 on a rebuild). */
    int flush(SiteWriter out, long keepBelow) throws IOException {
        for (var shard : added.entrySet()) {
            List<Hit> hits = keepBelow > 0 ? read(out, shard.getKey(), keepBelow) : new ArrayList<>();
            hits.addAll(shard.getValue());
            hits.sort(ORDER);
            ObjectNode root = JSON.createObjectNode().put("version", 1);
            ArrayNode list = root.putArray("entries");
            for (Hit h : hits) {
                list.addObject().put("export_id", h.exportId()).put("seq", h.seq()).put("manifest_sha256", h.sha256());
            }
            out.write(shard.getKey(), JSON.writeValueAsBytes(root));
        }
        return added.size();
    }

    static List<Hit> read(SiteWriter out, String path, long below) throws IOException {
        List<Hit> hits = new ArrayList<>();
        byte[] bytes = out.read(path);
        if (bytes == null) {
            return hits;
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IOException(out.root().resolve(path) + ": not JSON (" + e.getMessage() + "); run publish render --rebuild", e);
        }
        for (JsonNode h : root.path("entries")) {
            if (!h.path("export_id").isTextual() || !h.path("seq").canConvertToLong() || !h.path("manifest_sha256").isTextual()) {
                throw new IOException(out.root().resolve(path) + ": expected entries of {export_id, seq, manifest_sha256};"
                        + " run publish render --rebuild");
            }
            if (h.get("seq").asLong() < below) {
                hits.add(new Hit(h.get("export_id").asText(), h.get("seq").asLong(), h.get("manifest_sha256").asText()));
            }
        }
        return hits;
    }
}
