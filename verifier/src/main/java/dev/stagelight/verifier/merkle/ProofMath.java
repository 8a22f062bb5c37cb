package dev.stagelight.verifier.merkle;

import java.util.List;

/** The index arithmetic shared by proof generation and verification (RFC 9162 section 2.1.3, as Go's proof package). */
final class ProofMath {
    private ProofMath() {}

    /** Number of proof hashes below the point where the path to {@code index} meets the right border. */
    static int innerProofSize(long index, long size) {
        return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
    }

    /** Number of proof hashes on the right border above that point. */
    static int borderProofSize(long index, long size) {
        return Long.bitCount(index >>> innerProofSize(index, size));
    }

    static byte[] chainInner(MerkleHasher h, byte[] seed, List<byte[]> proof, long index) {
        byte[] acc = seed.clone();
        for (int i = 0; i < proof.size(); i++) {
            byte[] p = proof.get(i);
            if (((index >>> i) & 1) == 0) {
                h.nodeInto(acc, 0, p, 0, acc, 0);
            } else {
                h.nodeInto(p, 0, acc, 0, acc, 0);
            }
        }
        return acc;
    }

    static byte[] chainInnerRight(MerkleHasher h, byte[] seed, List<byte[]> proof, long index) {
        byte[] acc = seed.clone();
        for (int i = 0; i < proof.size(); i++) {
            if (((index >>> i) & 1) == 1) {
                h.nodeInto(proof.get(i), 0, acc, 0, acc, 0);
            }
        }
        return acc;
    }

    static byte[] chainBorderRight(MerkleHasher h, byte[] seed, List<byte[]> proof) {
        byte[] acc = seed.clone();
        for (byte[] p : proof) {
            h.nodeInto(p, 0, acc, 0, acc, 0);
        }
        return acc;
    }

    static void requireHashes(List<byte[]> proof) throws ProofException {
        for (int i = 0; i < proof.size(); i++) {
            byte[] p = proof.get(i);
            if (p == null || p.length != MerkleHash.SIZE) {
                throw new ProofException("proof hash " + i + " is " + (p == null ? "missing" : p.length + " bytes")
                        + ", expected " + MerkleHash.SIZE);
            }
        }
    }
}
