package dev.stagelight.verifier.layout;

import dev.stagelight.verifier.json.CanonicalJson;
import dev.stagelight.verifier.json.JsonReader;
import dev.stagelight.verifier.json.JsonSyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        List<Object> list = new ArrayList<>(entries.size());
        for (Ref r : entries) {
            list.add(Map.of("manifest_sha256", r.manifestSha256(), "seq", r.seq()));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", (long) VERSION);
        root.put("entries", list);
        return CanonicalJson.canonicalizePlain(root);
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
        Object parsed;
        try {
            parsed = JsonReader.parse(bytes);
        } catch (JsonSyntaxException e) {
            if (JsonReader.EMPTY_DOCUMENT.equals(e.reason())) {
                throw new IllegalArgumentException(source + ": expected a JSON object");
            }
            throw new IllegalArgumentException(source + ": malformed JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException(source + ": expected a JSON object");
        }
        // A number with a fraction or exponent is not an integer, even when its value is whole (as with Jackson).
        if (!(root.get("version") instanceof Long v) || v != VERSION) {
            throw new IllegalArgumentException(source + ": /version: expected " + VERSION);
        }
        if (!(root.get("entries") instanceof List<?> list)) {
            throw new IllegalArgumentException(source + ": /entries: expected an array");
        }
        List<Ref> refs = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            Object sha = e instanceof Map<?, ?> m ? m.get("manifest_sha256") : null;
            if (!(sha instanceof String digest) || !IndexLayout.isDigest(digest)) {
                throw new IllegalArgumentException(source + ": /entries/" + i + "/manifest_sha256: expected 64 lowercase hex digits");
            }
            Object seq = ((Map<?, ?>) e).get("seq");
            if (!(seq instanceof Long n) || n < 0) {
                throw new IllegalArgumentException(source + ": /entries/" + i + "/seq: expected a non-negative integer");
            }
            refs.add(new Ref(digest, n));
        }
        return refs;
    }
}
