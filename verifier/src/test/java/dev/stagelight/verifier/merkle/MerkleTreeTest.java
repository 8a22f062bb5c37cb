package dev.stagelight.verifier.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The RFC 6962 reference inputs and the roots of their prefixes (as in the Go and C++ reference tests). */
    private static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f"};
    private static final String[] ROOTS = {
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    };

    @Test
    void referenceRoots() {
        MerkleTree tree = new MerkleTree();
        assertArrayEquals(MerkleHash.emptyRoot(), tree.root());
        for (int i = 0; i < LEAVES.length; i++) {
            tree.appendEntry(HEX.parseHex(LEAVES[i]));
            assertEquals(ROOTS[i], HEX.formatHex(tree.root()), "size " + (i + 1));
        }
        for (int i = 0; i < LEAVES.length; i++) {
            assertEquals(ROOTS[i], HEX.formatHex(tree.root(i + 1)), "earlier size " + (i + 1));
        }
    }

    @Test
    void rootsMatchTheRecursiveDefinition() {
        MerkleTree tree = new MerkleTree();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            leaves.add(tree.appendEntry(("leaf " + i).getBytes()));
            assertArrayEquals(mth(leaves, 0, leaves.size()), tree.root(), "size " + leaves.size());
        }
    }

    @Test
    void everyInclusionProofVerifiesAndTamperingFails() throws ProofException {
        MerkleTree tree = grow(70);
        for (long size = 1; size <= 70; size++) {
            byte[] root = tree.root(size);
            for (long i = 0; i < size; i++) {
                List<byte[]> proof = tree.inclusionProof(i, size);
                InclusionProof.verify(i, size, tree.hash(0, i), proof, root);
                if (!proof.isEmpty()) {
                    List<byte[]> bad = copy(proof);
                    bad.get((int) (i % bad.size()))[7] ^= 1;
                    long index = i;
                    long sz = size;
                    assertThrows(ProofException.class, () -> InclusionProof.verify(index, sz, tree.hash(0, index),
                            bad, root));
                }
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAndTamperingFails() throws ProofException {
        MerkleTree tree = grow(70);
        for (long size2 = 1; size2 <= 70; size2++) {
            for (long size1 = 1; size1 <= size2; size1++) {
                List<byte[]> proof = tree.consistencyProof(size1, size2);
                ConsistencyProof.verify(size1, size2, tree.root(size1), tree.root(size2), proof);
                if (!proof.isEmpty()) {
                    List<byte[]> bad = copy(proof);
                    bad.get(bad.size() - 1)[0] ^= (byte) 0x80;
                    long s1 = size1;
                    long s2 = size2;
                    ProofException e = assertThrows(ProofException.class,
                            () -> ConsistencyProof.verify(s1, s2, tree.root(s1), tree.root(s2), bad));
                    assertTrue(e.getMessage().contains("root of tree size"), e.getMessage());
                }
            }
        }
    }

    @Test
    void proofArgumentsOutsideTheTreeAreRefused() {
        MerkleTree tree = grow(5);
        assertThrows(IllegalArgumentException.class, () -> tree.inclusionProof(5, 5));
        assertThrows(IllegalArgumentException.class, () -> tree.consistencyProof(0, 5));
        assertThrows(IllegalArgumentException.class, () -> tree.consistencyProof(3, 6));
        assertThrows(IllegalArgumentException.class, () -> tree.hash(1, 2));
        ProofException e = assertThrows(ProofException.class,
                () -> InclusionProof.verify(2, 5, tree.hash(0, 2), tree.inclusionProof(2, 5).subList(0, 1),
                        tree.root()));
        assertTrue(e.getMessage().contains("expected 3"), e.getMessage());
    }

    private static MerkleTree grow(int n) {
        MerkleTree tree = new MerkleTree();
        for (int i = 0; i < n; i++) {
            tree.appendEntry(new byte[] {(byte) i, (byte) (i >> 8)});
        }
        return tree;
    }

    private static List<byte[]> copy(List<byte[]> proof) {
        List<byte[]> out = new ArrayList<>();
        proof.forEach(p -> out.add(Arrays.copyOf(p, p.length)));
        return out;
    }

    /** RFC 9162 section 2.1.1, written as literally as possible. */
    private static byte[] mth(List<byte[]> leaves, int lo, int hi) {
        if (hi - lo == 1) {
            return leaves.get(lo);
        }
        int k = Integer.highestOneBit(hi - lo - 1);
        return MerkleHash.node(mth(leaves, lo, lo + k), mth(leaves, lo + k, hi));
    }
}
