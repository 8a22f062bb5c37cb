package dev.stagelight.verifier.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamingRootTest {
    @Test
    void rootAndStoredHashesMatchTheFullTree() {
        MerkleTree tree = new MerkleTree();
        Set<String> reported = new HashSet<>();
        StreamingRoot stream = new StreamingRoot((level, index, hash, off) -> {
            assertArrayEquals(tree.hash(level, index), Arrays.copyOfRange(hash, off, off + 32),
                    "stored hash " + level + "/" + index);
            assertEquals(true, reported.add(level + "/" + index), "reported twice: " + level + "/" + index);
        });
        assertArrayEquals(MerkleHash.emptyRoot(), stream.root());
        byte[] buffer = new byte[40];
        for (int i = 0; i < 1100; i++) {
            byte[] entry = ("entry " + i).getBytes();
            System.arraycopy(entry, 0, buffer, 3, entry.length);
            tree.appendEntry(entry);
            stream.appendEntry(buffer, 3, entry.length);
            assertArrayEquals(tree.root(), stream.root(), "size " + (i + 1));
            assertArrayEquals(tree.hash(0, i), stream.lastLeafHash());
        }
        assertEquals(1100, stream.size());
        // Every complete subtree was reported: 1100 leaves, 550 + 275 + 137 + 68 + 34 + 17 + 8 + 4 + 2 + 1 above.
        assertEquals(1100 + 550 + 275 + 137 + 68 + 34 + 17 + 8 + 4 + 2 + 1, reported.size());
    }
}
