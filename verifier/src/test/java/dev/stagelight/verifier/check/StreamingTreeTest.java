package dev.stagelight.verifier.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming root and the tile-level nodes it reports agree with the in-memory tree at every size. */
class StreamingTreeTest {
    private record Node(int tileLevel, long index, byte[] hash) {}

    @Test
    void rootAndTileNodesMatchTheFullTree() {
        List<Node> nodes = new ArrayList<>();
        StreamingTree streaming = new StreamingTree((level, index, hash) -> nodes.add(new Node(level, index, hash)));
        MerkleTree tree = new MerkleTree();
        assertArrayEquals(MerkleHash.emptyRoot(), streaming.root());
        for (int i = 0; i < 66_000; i++) {
            byte[] entry = ("entry " + i).getBytes();
            tree.appendEntry(entry);
            streaming.append(MerkleHash.leaf(entry));
            if (i < 600 || i % 4099 == 0 || i > 65_530) {
                assertArrayEquals(tree.root(), streaming.root(), "root at size " + (i + 1));
            }
        }
        long level1 = nodes.stream().filter(n -> n.tileLevel() == 1).count();
        long level2 = nodes.stream().filter(n -> n.tileLevel() == 2).count();
        assertEquals(66_000 / 256, level1);
        assertEquals(1, level2);
        for (Node n : nodes) {
            assertArrayEquals(tree.hash(8 * n.tileLevel(), n.index()), n.hash(), () -> "node " + n);
        }
    }
}
