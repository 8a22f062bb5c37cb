package dev.stagelight.verifier.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MerkleHasherTest {
    @Test
    void inPlaceHashingMatchesTheAllocatingForm() {
        MerkleHasher h = new MerkleHasher();
        byte[] buf = new byte[100];
        byte[] entry = "some entry".getBytes();
        System.arraycopy(entry, 0, buf, 7, entry.length);
        h.leafInto(buf, 7, entry.length, buf, 40);
        byte[] leaf = MerkleHash.leaf(entry);
        assertArrayEquals(leaf, Arrays.copyOfRange(buf, 40, 72));
        byte[] other = MerkleHash.leaf(new byte[0]);
        System.arraycopy(other, 0, buf, 0, 32);
        h.nodeInto(buf, 0, buf, 40, buf, 40); // the output may overwrite an input
        assertArrayEquals(MerkleHash.node(other, leaf), Arrays.copyOfRange(buf, 40, 72));
    }

    @Test
    void childrenThatAreNotHashesAreRefusedNotTruncated() {
        byte[] hash = new byte[32];
        assertThrows(IllegalArgumentException.class, () -> MerkleHash.node(new byte[33], hash));
        assertThrows(IllegalArgumentException.class, () -> MerkleHash.node(hash, new byte[31]));
    }
}
