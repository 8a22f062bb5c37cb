package dev.stagelight.verifier.layout;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.verifier.json.CanonicalJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * One digest look-up shard ({@code api/v1/sha256/<ab>/<cd>.json}): the entries whose manifest digest starts with
 * {@code abcd}, sorted by digest then seq, so a reader finds an entry's seq from a manifest digest in one file.
 */
public record DigestShard(List<Ref> entries) {
    public static final int VERSION = 1;

    /** One entry of the shard. */
    public record Ref(String manifestSha256, long seq) {
        public Ref {
            if (!IndexLayout.isDigest(manifestSha256) || seq < 0) {
                throw new IllegalArgumentException("expected a digest and a non-negative seq, found " + manifestSha256 + " " + seq);
            }
        }
    }

    private static final Comparator<Ref> ORDER = Comparator.comparing(Ref::manifestSha256).thenComparingLong(Ref::seq);
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public DigestShard {
        TreeSet<Ref> sorted = new TreeSet<>(ORDER);
        sorted.addAll(entries);
        entries = List.copyOf(sorted);
    }

    public static DigestShard empty() {
        return new DigestShard(List.of());
    }

    /** This shard plus {@code more} (kept sorted; an entry already present is not repeated). */
    public DigestShard with(Collection<Ref> more) {
        List<Ref> all = new ArrayList<>(entries);
        all.addAll(more);
        return new DigestShard(all);
    }

    /** The seqs of entries with this manifest digest, ascending. */
    public List<Long> seqsOf(String manifestSha256) {
        return entries.stream().filter(r -> r.manifestSha256().equals(manifestSha256)).map(Ref::seq).toList();
    }

    /** Canonical JSON bytes (keys sorted, no whitespace). */
    public byte[] toBytes() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ArrayNode list = root.putArray("entries");
        for (Ref r : entries) {
            list.addObject().put("manifest_sha256", r.manifestSha256()).put("seq", r.seq());
        }
        return CanonicalJson.canonicalize(root);
    }

    /**
     * Parses a shard.
     *
     * @throws IllegalArgumentException naming {@code source}, the field (JSON pointer) and what was expected
     */
    public static DigestShard parse(byte[] bytes, String source) {
        return new DigestShard(listed(bytes, source));
    }

    /**
     * The refs of a shard exactly as listed (duplicates and order kept), for checking that a shard lists each entry
     * once; {@link #parse} keeps each ref once, sorted.
     *
     * @throws IllegalArgumentException naming {@code source}, the field (JSON pointer) and what was expected
     */
    public static List<Ref> listed(byte[] bytes, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": malformed JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a JSON object");
        }
        if (!root.path("version").isIntegralNumber() || root.path("version").asLong() != VERSION) {
            throw new IllegalArgumentException(source + ": /version: expected " + VERSION);
        }
        JsonNode list = root.path("entries");
        if (!list.isArray()) {
            throw new IllegalArgumentException(source + ": /entries: expected an array");
        }
        List<Ref> refs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String sha = e.path("manifest_sha256").isTextual() ? e.path("manifest_sha256").textValue() : null;
            if (!IndexLayout.isDigest(sha)) {
                throw new IllegalArgumentException(source + ": /entries/" + i + "/manifest_sha256: expected 64 lowercase hex digits");
            }
            JsonNode seq = e.path("seq");
            if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.asLong() < 0) {
                throw new IllegalArgumentException(source + ": /entries/" + i + "/seq: expected a non-negative integer");
            }
            refs.add(new Ref(sha, seq.asLong()));
        }
        return refs;
    }
}
