package dev.stagelight.verifier.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestShardTest {
    private static final String A = "abcd" + "0".repeat(60);
    private static final String B = "abcd" + "1".repeat(60);

    @Test
    void shardIsSortedDeduplicatedAndRoundTrips() {
        DigestShard s = DigestShard.empty().with(List.of(new DigestShard.Ref(B, 3), new DigestShard.Ref(A, 9)))
                .with(List.of(new DigestShard.Ref(A, 2), new DigestShard.Ref(B, 3)));
        assertEquals("{\"entries\":[{\"manifest_sha256\":\"" + A + "\",\"seq\":2},{\"manifest_sha256\":\"" + A
                + "\",\"seq\":9},{\"manifest_sha256\":\"" + B + "\",\"seq\":3}],\"version\":1}",
                new String(s.toBytes(), StandardCharsets.UTF_8));
        assertEquals(s, DigestShard.parse(s.toBytes(), "x"));
        assertEquals(List.of(2L, 9L), s.seqsOf(A));
        assertEquals("api/v1/sha256/ab/cd.json", IndexLayout.digestShard(A));
        assertEquals("manifests/" + A + ".dsse.json", IndexLayout.dsseEnvelope(A));
        assertEquals("manifests/" + A + ".sigstore.json", IndexLayout.sigstoreBundle(A));
        assertEquals("tile/entries/x001/000.p/5", IndexLayout.entryBundle(1000, 256_005));
        assertEquals("tile/1/000.p/3", IndexLayout.hashTile(1, 0, 3 * 256 + 7));
    }

    @Test
    void badShardNamesFieldAndSource() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DigestShard.parse(
                "{\"version\":1,\"entries\":[{\"manifest_sha256\":\"zz\",\"seq\":1}]}".getBytes(StandardCharsets.UTF_8),
                "api/v1/sha256/ab/cd.json"));
        assertTrue(e.getMessage().startsWith("api/v1/sha256/ab/cd.json: /entries/0/manifest_sha256"), e.getMessage());
    }
}
