package dev.stagelight.publisher.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manifest (in-toto Statement) as an entry page shows it: statement and predicate type, subjects with their
 * digests, and every predicate field flattened to {@code path = value} rows. All of it is untrusted text, passed
 * through {@link SiteText#visible} here and HTML-escaped by the template; none of it ever becomes a URL.
 */
final class ManifestView {
    /** The most predicate rows an entry page lists; the raw manifest link shows the rest. */
    static final int MAX_ROWS = 400;
    private static final ObjectMapper JSON = new ObjectMapper();

    final JsonNode root;

    private ManifestView(JsonNode root) {
        this.root = root;
    }

    static ManifestView parse(byte[] manifest, String source) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(manifest);
        } catch (IOException e) {
            throw new IOException(source + ": the manifest is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(source + ": expected the manifest to be a JSON object (an in-toto Statement)");
        }
        return new ManifestView(root);
    }

    /** {@code predicate.export_id} when it is a string, else empty. */
    String exportId() {
        JsonNode id = root.path("predicate").path("export_id");
        return id.isTextual() ? id.asText() : "";
    }

    JsonNode predicate() {
        return root.path("predicate");
    }

    Map<String, Object> model() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", SiteText.visible(root.path("_type").asText("")));
        m.put("predicateType", SiteText.visible(root.path("predicateType").asText("")));
        List<Object> subjects = new ArrayList<>();
        for (JsonNode s : root.path("subject")) {
            List<Object> digests = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = s.path("digest").fields(); it.hasNext(); ) {
                var d = it.next();
                digests.add(Map.of("alg", SiteText.visible(d.getKey()), "value", SiteText.visible(d.getValue().asText(""))));
            }
            subjects.add(Map.of("name", SiteText.visible(s.path("name").asText("")), "digests", digests));
            if (subjects.size() >= MAX_ROWS) {
                break;
            }
        }
        m.put("subjects", subjects);
        List<Object> rows = new ArrayList<>();
        flatten("", root.path("predicate"), rows);
        m.put("predicate", rows);
        return m;
    }

    /** Predicate fields as {@code a.b[0].c = value}, in document order, at most {@link #MAX_ROWS}. */
    static void flatten(String path, JsonNode n, List<Object> out) {
        if (out.size() >= MAX_ROWS) {
            return;
        }
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                var f = it.next();
                flatten(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue(), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                flatten(path + "[" + i + "]", n.get(i), out);
            }
        } else if (!n.isMissingNode()) {
            out.add(Map.of("name", SiteText.visible(path), "value", SiteText.visible(n.isTextual() ? n.asText() : n.toString())));
            if (out.size() == MAX_ROWS) {
                out.add(Map.of("name", "…", "value", "more fields: see the raw manifest"));
            }
        }
    }
}
