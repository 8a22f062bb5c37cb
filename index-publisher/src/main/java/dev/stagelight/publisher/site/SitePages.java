package dev.stagelight.publisher.site;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteVerifierKey;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pages every render rewrites, each O(1) or O(listings) in size: home, browse, search, the Atom feeds (all
 * entries, and each tenant touched), {@code index.json}, the static assets and the hosting advice files.
 */
final class SitePages {
    /** Static assets copied from the classpath (module site-templates). */
    static final List<String> STATIC = List.of("static/site.css", "static/favicon.svg", "static/js/verify.js",
            "static/js/search.js");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SiteWriter out;
    private final SiteTemplates templates;
    private final Map<String, Object> common;
    private final NoteVerifierKey vkey;
    private final SiteRenderer.Options options;

    SitePages(SiteWriter out, SiteTemplates templates, Map<String, Object> common, NoteVerifierKey vkey,
            SiteRenderer.Options options) {
        this.out = out;
        this.templates = templates;
        this.common = common;
        this.vkey = vkey;
        this.options = options;
    }

    void write(Checkpoint cp, SiteState state, Listings listings) throws IOException {
        List<SiteRow> newest = cp.size() == 0 ? List.of() : listings.newest(Listings.BLOCKS, "", cp.size(), SiteRenderer.FEED);
        home(cp, state, newest.subList(0, Math.min(SiteRenderer.NEWEST, newest.size())));
        browse(state);
        out.write("search.html", templates.render("search.ftlh", with("root", "")));
        feed("feed.atom", "All entries of " + cp.origin(), "", newest, cp);
        for (String tenant : listings.touched("tenants")) {
            List<SiteRow> rows = listings.newest("tenants", tenant, state.count("tenants", tenant), SiteRenderer.FEED);
            feed(SitePaths.tenantFeed(tenant), "Entries of tenant " + tenant + " in " + cp.origin(), tenant, rows, cp);
        }
        indexJson(cp, state, newest.subList(0, Math.min(SiteRenderer.NEWEST, newest.size())));
        for (String asset : STATIC) {
            out.write(asset, resource(asset));
        }
        out.write("log.vkey", vkey.encode() + "\n");
        HostingFiles.write(out);
    }

    private void home(Checkpoint cp, SiteState state, List<SiteRow> newest) throws IOException {
        Map<String, Object> m = with("root", "");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("origin", cp.origin());
        c.put("size", cp.size());
        c.put("rootHex", HexFormat.of().formatHex(cp.rootHash()));
        c.put("rootBase64", Base64.getEncoder().encodeToString(cp.rootHash()));
        c.put("newestTs", newest.isEmpty() ? "" : newest.get(0).ts());
        m.put("checkpoint", c);
        m.put("keyElsewhere", options.keyElsewhere());
        m.put("publicUrl", options.publicUrl() != null ? options.publicUrl() : "INDEX_URL_OR_FOLDER");
        m.put("chart", DayChart.model(state.days));
        m.put("tenants", top(state.listing("tenants"), "tenants"));
        m.put("regions", top(state.listing("regions"), "regions"));
        m.put("kinds", top(state.kinds, ""));
        m.put("newest", newest.stream().map(SiteRow::model).toList());
        out.write("index.html", templates.render("home.ftlh", m));
    }

    /** The largest counts first (then by name), at most 20, each linked to its listing's first page. */
    private static List<Object> top(Map<String, Long> counts, String kind) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(20)
                .map(e -> (Object) Map.of("name", e.getKey(), "count", e.getValue(),
                        "page", kind.isEmpty() ? "" : SitePaths.listingPage(kind, e.getKey(), 0)))
                .toList();
    }

    private void browse(SiteState state) throws IOException {
        List<Object> groups = new ArrayList<>();
        for (String kind : Listings.KINDS) {
            List<Object> items = new ArrayList<>();
            for (var e : state.listing(kind).entrySet()) {
                long last = e.getValue() / SitePaths.PAGE;
                items.add(Map.of("name", e.getKey(), "count", e.getValue(), "last", last,
                        "first", SitePaths.listingPage(kind, e.getKey(), 0), "page", SitePaths.listingPage(kind, e.getKey(), last)));
            }
            groups.add(Map.of("id", kind, "title", Character.toUpperCase(kind.charAt(0)) + kind.substring(1), "items", items));
        }
        Map<String, Object> m = with("root", "");
        m.put("groups", groups);
        out.write("browse.html", templates.render("browse.ftlh", m));
    }

    private void feed(String path, String title, String tenant, List<SiteRow> rows, Checkpoint cp) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        String id = "urn:stagelight:" + SitePaths.segment(cp.origin().replace('/', '-').toLowerCase(java.util.Locale.ROOT));
        m.put("title", title);
        m.put("id", tenant.isEmpty() ? id : id + ":tenant:" + SitePaths.segment(tenant));
        m.put("updated", rows.isEmpty() ? "1970-01-01T00:00:00Z" : rows.get(0).ts());
        m.put("self", path.substring(path.lastIndexOf('/') + 1));
        m.put("base", SitePaths.rootOf(path));
        m.put("entries", rows.stream().map(SiteRow::model).toList());
        out.write(path, templates.render("feed.ftlx", m));
    }

    private void indexJson(Checkpoint cp, SiteState state, List<SiteRow> newest) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("version", 1);
        root.putObject("checkpoint").put("origin", cp.origin()).put("size", cp.size())
                .put("root_hash", Base64.getEncoder().encodeToString(cp.rootHash()))
                .put("root_hash_hex", HexFormat.of().formatHex(cp.rootHash())).put("path", "checkpoint")
                .put("verifier_key", vkey.encode());
        ArrayNode entries = root.putArray("entries");
        newest.forEach(r -> r.writeTo(entries.addObject()));
        ObjectNode counts = root.putObject("counts");
        counts.set("tenants", JSON.valueToTree(state.listing("tenants")));
        counts.set("regions", JSON.valueToTree(state.listing("regions")));
        counts.set("kinds", JSON.valueToTree(state.kinds));
        ObjectNode links = root.putObject("links");
        links.put("home", "index.html");
        links.put("latest_block", SitePaths.blockPage(cp.size() / SitePaths.PAGE));
        links.put("block_page", "blocks/{block}.html");
        links.put("block_json", "api/v1/entries/{block}.json");
        links.put("entry_page", "entries/{block}/{seq}.html");
        links.put("sha256_shard", "api/v1/sha256/{hex0-1}/{hex2-3}.json");
        links.put("export_id_shard", "api/v1/export-id/{sha256(id) hex0-1}/{hex2-3}.json");
        links.put("listing_page", "{tenants|regions|months}/{segment}/{page}.html");
        links.put("listing_json", "api/v1/{tenants|regions|months}/{segment}/{page}.json");
        links.put("kept_checkpoint", "checkpoints/{size}");
        links.put("signer_key", "keys/{keyid}.pem");
        links.put("feed", "feed.atom");
        links.put("search", "search.html");
        out.write("index.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    private Map<String, Object> with(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(common);
        m.put(key, value);
        return m;
    }

    static byte[] resource(String asset) throws IOException {
        try (InputStream in = SitePages.class.getClassLoader().getResourceAsStream("stagelight-site/" + asset)) {
            if (in == null) {
                throw new IOException("stagelight-site/" + asset + " is not on the classpath (module site-templates)");
            }
            return in.readAllBytes();
        }
    }

}
