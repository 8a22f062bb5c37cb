package dev.stagelight.verifier.merkle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Proof generation (RFC 9162 section 2.1.3 PATH and 2.1.4 SUBPROOF) over stored hashes. Every subtree a proof
 * needs is either complete (one stored hash) or on the right edge (at most log n stored hashes), so a proof reads
 * O(log n) hashes.
 */
public final class Proofs {
    private Proofs() {}

    /** The root of the first {@code size} leaves; the empty tree's root is SHA-256 of nothing. */
    public static byte[] root(long size, HashReader hashes) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("tree size " + size + " is negative");
        }
        return size == 0 ? MerkleHash.emptyRoot() : subtree(0, size, hashes, new MerkleHasher());
    }

    /** The audit path of leaf {@code index} in the tree of {@code size}, from the leaf's sibling upwards. */
    public static List<byte[]> inclusion(long index, long size, HashReader hashes) throws IOException {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf index " + index + " is outside a tree of size " + size);
        }
        List<byte[]> out = new ArrayList<>(64);
        path(index, 0, size, hashes, new MerkleHasher(), out);
        return out;
    }

    /**
     * The proof that the tree of {@code size2} extends the tree of {@code size1}; empty when the sizes are equal.
     *
     * @throws IllegalArgumentException for {@code size1 == 0} (nothing to prove; verifiers refuse such proofs)
     */
    public static List<byte[]> consistency(long size1, long size2, HashReader hashes) throws IOException {
        if (size1 <= 0 || size2 < size1) {
            throw new IllegalArgumentException("no consistency proof from size " + size1 + " to size " + size2
                    + " (needs 0 < size1 <= size2)");
        }
        List<byte[]> out = new ArrayList<>(64);
        if (size1 < size2) {
            subproof(size1, 0, size2, true, hashes, new MerkleHasher(), out);
        }
        return out;
    }

    private static void path(long m, long lo, long hi, HashReader r, MerkleHasher h, List<byte[]> out)
            throws IOException {
        long n = hi - lo;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, lo, lo + k, r, h, out);
            out.add(subtree(lo + k, hi, r, h));
        } else {
            path(m - k, lo + k, hi, r, h, out);
            out.add(subtree(lo, lo + k, r, h));
        }
    }

    private static void subproof(long m, long lo, long hi, boolean whole, HashReader r, MerkleHasher h,
            List<byte[]> out) throws IOException {
        long n = hi - lo;
        if (m == n) {
            if (!whole) {
                out.add(subtree(lo, hi, r, h));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, lo, lo + k, whole, r, h, out);
            out.add(subtree(lo + k, hi, r, h));
        } else {
            subproof(m - k, lo + k, hi, false, r, h, out);
            out.add(subtree(lo, lo + k, r, h));
        }
    }

    /** MTH of leaves [lo, hi), where lo is aligned as RFC 9162 splits place it. */
    static byte[] subtree(long lo, long hi, HashReader r, MerkleHasher h) throws IOException {
        long n = hi - lo;
        if (Long.bitCount(n) == 1) {
            int level = Long.numberOfTrailingZeros(n);
            return r.hash(level, lo >>> level);
        }
        long k = largestPowerOfTwoBelow(n);
        byte[] left = r.hash(Long.numberOfTrailingZeros(k), lo / k);
        return h.node(left, subtree(lo + k, hi, r, h));
    }

    /** The largest power of two strictly less than {@code n} (n >= 2). */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
