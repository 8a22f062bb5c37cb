package dev.stagelight.publisher.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The append-only listings: the blocks (all entries, page N = entries 256N..256N+255, aligned to the entry bundles)
 * and one listing per tenant, region and month, paginated the same way within the listing. A full page never changes
 * again; the page after a full one always exists (empty until entries come), so every "newer" link resolves. Each
 * page has a JSON twin ({@code api/v1/entries/<N>.json} for blocks, {@code api/v1/<kind>/<name>/<page>.json}) that an
 * incremental render reopens to append to the last page, dropping rows at or past the size the site was rendered for
 * (left by a render that was killed).
 */
final class Listings {
    static final String BLOCKS = "blocks";
    static final List<String> KINDS = List.of("tenants", "regions", "months");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Renders a listing page; given the page's model, returns its HTML. */
    @FunctionalInterface
    interface PageRenderer {
        String render(Map<String, Object> model) throws IOException;
    }

    private final SiteWriter out;
    private final SiteState state;
    private final long renderedSize;
    private final PageRenderer renderer;
    private final Map<String, Listing> open = new TreeMap<>();
    private long pagesWritten;

    Listings(SiteWriter out, SiteState state, long renderedSize, PageRenderer renderer) {
        this.out = out;
        this.state = state;
        this.renderedSize = renderedSize;
        this.renderer = renderer;
    }

    /** Adds a row to every listing it belongs to. */
    void add(SiteRow row) throws IOException {
        listing(BLOCKS, "").add(row);
        listing("tenants", row.tenant()).add(row);
        listing("regions", row.region()).add(row);
        listing("months", row.month()).add(row);
    }

    /** The page of listing {@code kind/name} that its next row lands on. */
    long nextPage(String kind, String name) {
        return listing(kind, name).count / SitePaths.PAGE;
    }

    /** Writes the current (last) page of every listing touched, full or not. */
    void flush() throws IOException {
        for (Listing l : open.values()) {
            l.writePage(false);
        }
    }

    /** Names of the listings of this kind touched by this render. */
    List<String> touched(String kind) {
        List<String> names = new ArrayList<>();
        open.values().stream().filter(l -> l.kind.equals(kind)).forEach(l -> names.add(l.name));
        return names;
    }

    long pagesWritten() {
        return pagesWritten;
    }

    /** The newest rows of a listing, newest first, read back from its last two pages' JSON. */
    List<SiteRow> newest(String kind, String name, long count, int limit) throws IOException {
        List<SiteRow> rows = new ArrayList<>();
        long page = count / SitePaths.PAGE;
        for (long p = page; p >= 0 && p >= page - 1 && rows.size() < limit; p--) {
            List<SiteRow> pageRows = readPage(jsonPath(kind, name, p), Long.MAX_VALUE);
            for (int i = pageRows.size() - 1; i >= 0 && rows.size() < limit; i--) {
                rows.add(pageRows.get(i));
            }
        }
        return rows;
    }

    static String htmlPath(String kind, String name, long page) {
        return kind.equals(BLOCKS) ? SitePaths.blockPage(page) : SitePaths.listingPage(kind, name, page);
    }

    static String jsonPath(String kind, String name, long page) {
        return kind.equals(BLOCKS) ? SitePaths.blockJson(page)
                : "api/v1/" + kind + "/" + SitePaths.segment(name) + "/" + page + ".json";
    }

    private Listing listing(String kind, String name) {
        return open.computeIfAbsent(kind + "/" + name, k -> new Listing(kind, name,
                kind.equals(BLOCKS) ? renderedSize : state.count(kind, name)));
    }

    private List<SiteRow> readPage(String path, long below) throws IOException {
        byte[] bytes = out.read(path);
        List<SiteRow> rows = new ArrayList<>();
        if (bytes == null) {
            return rows;
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IOException(out.root().resolve(path) + ": not JSON (" + e.getMessage() + "); run publish render --rebuild", e);
        }
        for (JsonNode r : root.path("entries")) {
            SiteRow row = SiteRow.readFrom(r, out.root().resolve(path).toString());
            if (row.seq() < below) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** One listing with its last page open. */
    private final class Listing {
        final String kind;
        final String name;
        long count;
        List<SiteRow> rows;

        Listing(String kind, String name, long count) {
            this.kind = kind;
            this.name = name;
            this.count = count;
        }

        void add(SiteRow row) throws IOException {
            if (rows == null) {
                rows = count % SitePaths.PAGE == 0 ? new ArrayList<>()
                        : readPage(jsonPath(kind, name, count / SitePaths.PAGE), renderedSize);
                if (rows.size() != count % SitePaths.PAGE) {
                    throw new IOException(out.root().resolve(jsonPath(kind, name, count / SitePaths.PAGE)) + ": holds "
                            + rows.size() + " entries before seq " + renderedSize + ", the site state says "
                            + count % SitePaths.PAGE + "; run publish render --rebuild");
                }
            }
            rows.add(row);
            count++;
            if (!kind.equals(BLOCKS)) {
                state.add(kind, name);
            }
            if (count % SitePaths.PAGE == 0) {
                writePage(true);
                rows = new ArrayList<>();
            }
        }

        /** Writes the page the rows belong to; {@code full} when it just filled. */
        void writePage(boolean full) throws IOException {
            if (rows == null) {
                rows = new ArrayList<>();
            }
            long page = full ? count / SitePaths.PAGE - 1 : count / SitePaths.PAGE;
            ObjectNode json = JSON.createObjectNode().put("version", 1).put("listing", kind.equals(BLOCKS) ? BLOCKS
                    : kind + "/" + name).put("page", page).put("full", full);
            ArrayNode list = json.putArray("entries");
            List<Object> models = new ArrayList<>();
            for (SiteRow r : rows) {
                r.writeTo(list.addObject());
                models.add(r.model());
            }
            String html = htmlPath(kind, name, page);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("root", SitePaths.rootOf(html));
            m.put("kind", kind);
            m.put("name", name);
            m.put("page", page);
            m.put("full", full);
            m.put("rows", models);
            m.put("prevPage", page > 0 ? htmlPath(kind, name, page - 1) : "");
            m.put("nextPage", full ? htmlPath(kind, name, page + 1) : "");
            m.put("json", jsonPath(kind, name, page));
            m.put("feed", kind.equals("tenants") ? SitePaths.tenantFeed(name) : kind.equals(BLOCKS) ? "feed.atom" : "");
            out.write(jsonPath(kind, name, page), JSON.writeValueAsBytes(json));
            out.write(html, renderer.render(m));
            pagesWritten++;
        }
    }
}
