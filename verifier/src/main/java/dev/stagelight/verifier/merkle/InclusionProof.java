package dev.stagelight.verifier.merkle;

import java.security.MessageDigest;
import java.util.List;

/** Verifies RFC 9162 inclusion proofs (audit paths): leaf {@code index} is in the tree of {@code size} with {@code root}. */
public final class InclusionProof {
    private InclusionProof() {}

    /** @param proof hashes from the leaf's sibling upwards; {@code null} is read as empty */
    public static void verify(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
            throws ProofException {
        byte[] computed = rootFromProof(index, size, leafHash, proof);
        if (root == null || !MessageDigest.isEqual(computed, root)) {
            throw new ProofException("inclusion proof for leaf " + index + " does not lead to the root of tree size "
                    + size + " (the leaf, the proof or the root is wrong)");
        }
    }

    /** The root the proof implies; the caller compares it with a trusted root. */
    public static byte[] rootFromProof(long index, long size, byte[] leafHash, List<byte[]> proof)
            throws ProofException {
        List<byte[]> path = proof == null ? List.of() : proof;
        if (index < 0 || size < 0 || index >= size) {
            throw new ProofException("leaf index " + index + " is outside a tree of size " + size);
        }
        if (leafHash == null || leafHash.length != MerkleHash.SIZE) {
            throw new ProofException("leaf hash is " + (leafHash == null ? "missing" : leafHash.length + " bytes")
                    + ", expected " + MerkleHash.SIZE);
        }
        int inner = ProofMath.innerProofSize(index, size);
        int border = ProofMath.borderProofSize(index, size);
        if (path.size() != inner + border) {
            throw new ProofException("inclusion proof for leaf " + index + " in tree size " + size + " has "
                    + path.size() + " hashes, expected " + (inner + border));
        }
        ProofMath.requireHashes(path);
        MerkleHasher h = new MerkleHasher();
        byte[] acc = ProofMath.chainInner(h, leafHash, path.subList(0, inner), index);
        return ProofMath.chainBorderRight(h, acc, path.subList(inner, path.size()));
    }
}
