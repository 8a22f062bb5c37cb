package dev.stagelight.publisher.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.verifier.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the site was last rendered for, kept privately beside the index ({@code <state>/site/state.json}): the tree
 * size, and the counts that pages aggregate (entries per listing, per kind, per day and region). Written last, after
 * every page, so a render killed at any point leaves the old size here and the next run redoes what it had begun.
 * Everything in it can be recomputed from the log: {@code publish render --rebuild} does exactly that.
 */
public final class SiteState {
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    long size;
    /** listing kind (tenants, regions, months) -> name -> entries. */
    final Map<String, TreeMap<String, Long>> listings = new TreeMap<>();
    final TreeMap<String, Long> kinds = new TreeMap<>();
    /** day (yyyy-mm-dd) -> region -> entries. */
    final TreeMap<String, TreeMap<String, Long>> days = new TreeMap<>();

    public long size() {
        return size;
    }

    long count(String kind, String name) {
        return listing(kind).getOrDefault(name, 0L);
    }

    void add(String kind, String name) {
        listings.computeIfAbsent(kind, k -> new TreeMap<>()).merge(name, 1L, Long::sum);
    }

    TreeMap<String, Long> listing(String kind) {
        return listings.computeIfAbsent(kind, k -> new TreeMap<>());
    }

    public static Path file(Path stateDir) {
        return stateDir.resolve("site").resolve("state.json");
    }

    /** The saved state, or an empty one (size 0) when the site was never rendered. */
    public static SiteState load(Path stateDir) throws IOException {
        Path f = file(stateDir);
        SiteState s = new SiteState();
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(f));
        } catch (NoSuchFileException e) {
            return s;
        } catch (IOException e) {
            throw new IOException(f + ": unreadable site state (" + e.getMessage() + "); run publish render --rebuild", e);
        }
        if (root == null || root.path("version").asInt() != VERSION || !root.path("size").canConvertToLong()) {
            throw new IOException(f + ": expected site state version " + VERSION + " with a size; run publish render --rebuild");
        }
        s.size = root.get("size").asLong();
        root.path("listings").fields().forEachRemaining(k -> k.getValue().fields()
                .forEachRemaining(n -> s.listing(k.getKey()).put(n.getKey(), n.getValue().asLong())));
        root.path("kinds").fields().forEachRemaining(k -> s.kinds.put(k.getKey(), k.getValue().asLong()));
        root.path("days").fields().forEachRemaining(d -> d.getValue().fields().forEachRemaining(
                r -> s.days.computeIfAbsent(d.getKey(), x -> new TreeMap<>()).put(r.getKey(), r.getValue().asLong())));
        return s;
    }

    /** Durably replaces the saved state: the last write of a render. */
    public void save(Path stateDir) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("version", VERSION).put("size", size);
        root.set("listings", JSON.valueToTree(listings));
        root.set("kinds", JSON.valueToTree(kinds));
        root.set("days", JSON.valueToTree(days));
        Path f = file(stateDir);
        Files.createDirectories(f.getParent());
        AtomicFiles.replace(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
