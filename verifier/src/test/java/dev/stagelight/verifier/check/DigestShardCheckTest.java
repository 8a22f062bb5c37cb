package dev.stagelight.verifier.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.verifier.cli.VerifierCli;
import dev.stagelight.verifier.layout.DigestShard;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.testing.V1Index;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code index} checks that the digest look-up shards list every entry exactly once, naming a damaged shard. */
class DigestShardCheckTest {
    @TempDir
    Path tmp;

    private V1Index index;

    @BeforeEach
    void create() throws Exception {
        index = V1Index.create(tmp, 40);
    }

    private String run() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try (PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            code = VerifierCli.run(new String[] {"index", index.dir.toString(), "--log-key",
                index.logKey.verifierKey().encode(), "--signer-key", index.signerPem.toString(), "--quiet"}, p, p);
        }
        return code + "\n" + out.toString(StandardCharsets.UTF_8);
    }

    private String digest(int i) {
        return HexFormat.of().formatHex(MerkleHash.sha256().digest(index.manifest(i)));
    }

    /** Rewrites entry i's shard with the given refs, listed as they are (no sorting, no dedupe). */
    private Path rewriteShard(int i, List<String> refsJson) throws Exception {
        Path shard = index.dir.resolve(IndexLayout.digestShard(digest(i)));
        Files.writeString(shard, "{\"entries\":[" + String.join(",", refsJson) + "],\"version\":1}");
        return shard;
    }

    private List<String> refsOf(int i) throws Exception {
        Path shard = index.dir.resolve(IndexLayout.digestShard(digest(i)));
        List<String> out = new ArrayList<>();
        for (DigestShard.Ref r : DigestShard.parse(Files.readAllBytes(shard), shard.toString()).entries()) {
            out.add("{\"manifest_sha256\":\"" + r.manifestSha256() + "\",\"seq\":" + r.seq() + "}");
        }
        return out;
    }

    @Test
    void anIntactIndexPasses() {
        String r = run();
        assertTrue(r.startsWith("0\n"), r);
        assertTrue(r.contains("digest-shards: ") && r.contains("each of the 40 entries exactly once"), r);
    }

    @Test
    void aShardHidingAnEntryIsReported() throws Exception {
        List<String> refs = refsOf(7);
        refs.removeIf(j -> j.contains("\"seq\":7}"));
        Path shard = rewriteShard(7, refs);
        String r = run();
        assertTrue(r.startsWith("1\n"), r);
        assertTrue(r.contains("digest-shards: " + shard + ": does not list entry 7"), r);
    }

    @Test
    void aShardListingAnEntryTwiceIsReported() throws Exception {
        List<String> refs = refsOf(9);
        refs.add("{\"manifest_sha256\":\"" + digest(9) + "\",\"seq\":9}");
        Path shard = rewriteShard(9, refs);
        String r = run();
        assertTrue(r.startsWith("1\n"), r);
        assertTrue(r.contains(shard + ": /entries/") && r.contains("lists entry 9 (manifest_sha256 " + digest(9)
                + ") a second time"), r);
    }

    @Test
    void aShardPointingADigestAtAnotherEntryIsReported() throws Exception {
        List<String> refs = refsOf(3);
        refs.add("{\"manifest_sha256\":\"" + digest(3) + "\",\"seq\":4}");
        Path shard = rewriteShard(3, refs);
        String r = run();
        assertTrue(r.startsWith("1\n"), r);
        assertTrue(r.contains(shard + ": /entries/") && r.contains("lists seq 4 under " + digest(3)), r);
    }

    @Test
    void aMissingShardIsReportedAndRefsBeyondTheTreeAreIgnored() throws Exception {
        List<String> refs = refsOf(5);
        refs.add("{\"manifest_sha256\":\"" + digest(5) + "\",\"seq\":40}"); // an interrupted append's leftover
        rewriteShard(5, refs);
        assertTrue(run().startsWith("0\n"), run());
        Path shard = index.dir.resolve(IndexLayout.digestShard(digest(11)));
        Files.delete(shard);
        String r = run();
        assertEquals("1", r.substring(0, 1), r);
        assertTrue(r.contains(shard + ": missing"), r);
    }
}
