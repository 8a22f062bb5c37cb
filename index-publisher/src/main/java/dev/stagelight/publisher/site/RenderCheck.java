package dev.stagelight.publisher.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.tiles.EntryBundle;
import dev.stagelight.verifier.tiles.TileFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The check a render runs before it reports success: every entry the new checkpoint adds has its page, its row in
 * its block's JSON, its digest look-up shard and (with an export id) its export-id shard; every block page and the
 * last page of every listing exist. Reads the files back from disk, as a visitor would get them.
 */
public final class RenderCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the check looked at. */
    public record Report(long entriesChecked, long filesChecked) {}

    /** The site misses something; the message lists the first problems. */
    public static final class Failed extends IOException {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }

    private RenderCheck() {}

    static Report run(Path index, long from, long to, SiteState state, Map<String, List<ExportIdShards.Hit>> exportIds)
            throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Set<Long>> shardSeqs = new HashMap<>();
        long files = 0;
        for (long block = from / SitePaths.PAGE; block * SitePaths.PAGE < to; block++) {
            List<byte[]> leaves;
            try {
                leaves = EntryBundle.decode(Files.readAllBytes(index.resolve(IndexLayout.entryBundle(block, to))));
            } catch (TileFormatException e) {
                throw new IOException(index.resolve(IndexLayout.entryBundle(block, to)) + ": " + e.getMessage(), e);
            }
            Set<Long> inBlock = seqs(index, SitePaths.blockJson(block), "entries", shardSeqs);
            files += 2;
            for (int i = (int) Math.max(0, from - block * SitePaths.PAGE); i < leaves.size(); i++) {
                long seq = block * SitePaths.PAGE + i;
                // Only the digest is needed here; the entry itself was validated when it was rendered.
                String sha = JSON.readTree(leaves.get(i)).path("manifest_sha256").asText("");
                require(problems, Files.isRegularFile(index.resolve(SitePaths.entryPage(seq))), SitePaths.entryPage(seq) + " is missing");
                require(problems, inBlock.contains(seq), SitePaths.blockJson(block) + " does not list entry " + seq);
                if (!IndexLayout.isDigest(sha)) {
                    problems.add(IndexLayout.entryBundle(block, to) + "#" + i + " has no manifest digest");
                    continue;
                }
                String digest = IndexLayout.digestShard(sha);
                require(problems, seqs(index, digest, "entries", shardSeqs).contains(seq), digest + " does not list entry " + seq);
                files += 2;
            }
        }
        for (var shard : exportIds.entrySet()) {
            Set<Long> listed = seqs(index, shard.getKey(), "entries", shardSeqs);
            files++;
            for (ExportIdShards.Hit h : shard.getValue()) {
                require(problems, listed.contains(h.seq()), shard.getKey() + " does not list entry " + h.seq());
            }
        }
        if (to > 0) {
            require(problems, Files.isRegularFile(index.resolve(SitePaths.blockPage(to / SitePaths.PAGE))),
                    SitePaths.blockPage(to / SitePaths.PAGE) + " (the newest block page) is missing");
            for (String kind : Listings.KINDS) {
                for (var l : state.listing(kind).entrySet()) {
                    String last = SitePaths.listingPage(kind, l.getKey(), l.getValue() / SitePaths.PAGE);
                    require(problems, Files.isRegularFile(index.resolve(last)), last + " (the last page of a listing) is missing");
                    files++;
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new Failed("the rendered site is incomplete (" + problems.size() + " problems): "
                    + String.join("; ", problems.subList(0, Math.min(10, problems.size()))));
        }
        return new Report(Math.max(0, to - from), files);
    }

    private static Set<Long> seqs(Path index, String path, String field, Map<String, Set<Long>> cache) throws IOException {
        Set<Long> cached = cache.get(path);
        if (cached != null) {
            return cached;
        }
        Set<Long> seqs = new HashSet<>();
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(index.resolve(path)));
            for (JsonNode e : root.path(field)) {
                seqs.add(e.path("seq").asLong(-1));
            }
        } catch (NoSuchFileException e) {
            // an absent file lists nothing: reported per entry
        }
        cache.put(path, seqs);
        return seqs;
    }

    private static void require(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }
}
