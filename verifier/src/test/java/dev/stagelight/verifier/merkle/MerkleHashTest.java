package dev.stagelight.verifier.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MerkleHashTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void emptyTreeRootIsSha256OfNothing() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hex(MerkleHash.emptyRoot()));
    }

    @Test
    void leafHashIsDomainSeparated() {
        // RFC 6962 test vector: the hash of the empty leaf is SHA-256(0x00).
        assertEquals("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", hex(MerkleHash.leaf(new byte[0])));
    }

    @Test
    void twoLeafRootMatchesRfc6962Reference() {
        // The first two leaves of the RFC 6962 reference test inputs ("" and 0x00); root of the two-leaf tree.
        byte[] l0 = MerkleHash.leaf(new byte[0]);
        byte[] l1 = MerkleHash.leaf(new byte[] {0x00});
        assertEquals("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", hex(MerkleHash.node(l0, l1)));
    }
}
