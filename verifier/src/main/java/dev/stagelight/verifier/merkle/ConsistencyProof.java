package dev.stagelight.verifier.merkle;

import java.security.MessageDigest;
import java.util.List;

/** Verifies RFC 9162 consistency proofs: the tree of {@code size2} with {@code root2} extends the one of {@code size1}. */
public final class ConsistencyProof {
    private ConsistencyProof() {}

    /**
     * @param proof {@code null} is read as empty
     * @throws ProofException also for {@code size1 == 0}: a proof from the empty tree proves nothing, so it is refused
     */
    public static void verify(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof)
            throws ProofException {
        List<byte[]> path = proof == null ? List.of() : proof;
        if (size1 < 0 || size2 < size1) {
            throw new ProofException("tree size " + size2 + " is smaller than the earlier size " + size1
                    + ": a log never shrinks");
        }
        if (size1 == 0) {
            throw new ProofException("consistency with the empty tree (size 0) proves nothing; refusing it");
        }
        if (size1 == size2) {
            if (!path.isEmpty()) {
                throw new ProofException("sizes are equal (" + size1 + ") but the proof has " + path.size()
                        + " hashes, expected none");
            }
            requireMatch("the roots of two checkpoints of equal size " + size1 + " differ (a fork)", root1, root2);
            return;
        }
        if (path.isEmpty()) {
            throw new ProofException("empty consistency proof from size " + size1 + " to " + size2);
        }
        ProofMath.requireHashes(path);
        // The proof is the inclusion path of leaf size1-1 in tree size2, minus the part below the largest complete
        // subtree that ends at size1; when size1 is a power of two that subtree is root1 itself and is not sent.
        int inner = ProofMath.innerProofSize(size1 - 1, size2);
        int border = ProofMath.borderProofSize(size1 - 1, size2);
        int shift = Long.numberOfTrailingZeros(size1);
        inner -= shift;
        boolean seedIsRoot1 = size1 == 1L << shift;
        int start = seedIsRoot1 ? 0 : 1;
        if (path.size() != start + inner + border) {
            throw new ProofException("consistency proof from size " + size1 + " to " + size2 + " has " + path.size()
                    + " hashes, expected " + (start + inner + border));
        }
        if (root1 == null || root1.length != MerkleHash.SIZE || root2 == null || root2.length != MerkleHash.SIZE) {
            throw new ProofException("roots must be " + MerkleHash.SIZE + "-byte hashes");
        }
        byte[] seed = seedIsRoot1 ? root1 : path.get(0);
        List<byte[]> innerPath = path.subList(start, start + inner);
        List<byte[]> borderPath = path.subList(start + inner, path.size());
        long mask = (size1 - 1) >>> shift;
        MerkleHasher h = new MerkleHasher();
        byte[] hash1 = ProofMath.chainBorderRight(h, ProofMath.chainInnerRight(h, seed, innerPath, mask), borderPath);
        requireMatch("consistency proof does not lead to the root of tree size " + size1, hash1, root1);
        byte[] hash2 = ProofMath.chainBorderRight(h, ProofMath.chainInner(h, seed, innerPath, mask), borderPath);
        requireMatch("consistency proof does not lead to the root of tree size " + size2
                + ": the larger tree does not extend the smaller one", hash2, root2);
    }

    private static void requireMatch(String message, byte[] a, byte[] b) throws ProofException {
        if (a == null || b == null || !MessageDigest.isEqual(a, b)) {
            throw new ProofException(message);
        }
    }
}
