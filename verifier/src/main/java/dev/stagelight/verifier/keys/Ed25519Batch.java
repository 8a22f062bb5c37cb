package dev.stagelight.verifier.keys;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Ed25519 batch verification (Bernstein et al., "High-speed high-security signatures", section 5): many signatures
 * are checked with one random linear combination of their RFC 8032 group equations,
 * {@code [8](sum z_i R_i + (sum z_i h_i) A - (sum z_i s_i) B) = 0} for random 128-bit {@code z_i}, computed as
 * one multi-scalar multiplication (Pippenger's bucket method). Per signature that costs about a third of a single
 * verification, which decides the speed of a full audit.
 *
 * <p>A batch that holds passes only if every signature satisfies the cofactored equation of RFC 8032 section
 * 5.1.7 (a false pass has probability below 2^-125). When a batch fails, {@link #verify} tells which signatures
 * are bad by checking each one on its own (BouncyCastle's single verification), so the result always names the
 * bad signatures exactly. Signatures with a non-canonical S or an R that is no curve point fail before the batch.
 * Not thread-safe: one instance per thread.
 */
public final class Ed25519Batch {
    /** Batches larger than this are split (the window size stops paying off, and the fallback gets costlier). */
    public static final int MAX_BATCH = 512;

    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    static final BigInteger L = BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final BigInteger MASK128 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    private static final int[] D2 = fieldOf(BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P).shiftLeft(1).mod(P));
    private static final int[] D = fieldOf(BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P));
    private static final byte[] BASE = basePointEncoding();

    private final SecureRandom random = new SecureRandom();
    private final MessageDigest sha512;
    private final Map<Key, Keyed> keys = new HashMap<>();
    private final List<Item> items = new ArrayList<>();
    private final Point base;
    private final Point base128;

    public Ed25519Batch() {
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JDK", e);
        }
        base = decode(BASE, 0);
        base128 = shifted128(base);
    }

    /** A 32-byte Ed25519 public key as it is encoded (RFC 8032 5.1.5). */
    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    /** A key's decoded point A (null if it is none) and [2^128]A, computed once per key. */
    private record Keyed(byte[] encoded, Point a, Point a128) {}

    private record Item(Keyed key, byte[] message, byte[] signature) {}

    /** Queues one signature check; returns its position for {@link #verify}. */
    public int add(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, found " + publicKey.length);
        }
        Keyed k = keys.computeIfAbsent(new Key(publicKey.clone()), key -> {
            Point a = decode(key.bytes(), 0);
            return new Keyed(key.bytes(), a, a == null ? null : shifted128(a));
        });
        items.add(new Item(k, message, signature));
        return items.size() - 1;
    }

    public int size() {
        return items.size();
    }

    /**
     * Verifies every queued signature, then empties the queue.
     *
     * @return for each queued signature (in {@link #add} order), whether it is valid
     */
    public boolean[] verify() {
        boolean[] valid = new boolean[items.size()];
        for (int from = 0; from < items.size(); from += MAX_BATCH) {
            int to = Math.min(items.size(), from + MAX_BATCH);
            verifyRange(from, to, valid);
        }
        items.clear();
        return valid;
    }

    private void verifyRange(int from, int to, boolean[] valid) {
        List<Point> points = new ArrayList<>();
        List<BigInteger> scalars = new ArrayList<>();
        Map<Keyed, BigInteger> keyScalars = new HashMap<>();
        BigInteger baseScalar = BigInteger.ZERO;
        List<Integer> batched = new ArrayList<>();
        // A loop over an array: C2 kept deoptimizing one over the list (a loop predicate) and compiling it again.
        Item[] range = items.subList(from, to).toArray(new Item[0]);
        for (int i = from; i < to; i++) {
            BigInteger next = addTerms(range[i - from], points, scalars, keyScalars, baseScalar);
            if (next != null) {
                baseScalar = next;
                batched.add(i);
            }
        }
        if (batched.isEmpty()) {
            return;
        }
        for (Map.Entry<Keyed, BigInteger> k : keyScalars.entrySet()) {
            addSplit(points, scalars, k.getKey().a(), k.getKey().a128(), k.getValue().mod(L));
        }
        addSplit(points, scalars, base, base128, L.subtract(baseScalar.mod(L)).mod(L));
        Point sum = Msm.compute(points, scalars);
        for (int i = 0; i < 3; i++) {
            sum = sum.twice();
        }
        if (sum.isIdentity()) {
            for (int i : batched) {
                valid[i] = true;
            }
            return;
        }
        // Some signature is bad: find which, each on its own.
        for (int i : batched) {
            Item it = items.get(i);
            valid[i] = org.bouncycastle.math.ec.rfc8032.Ed25519.verify(it.signature(), 0, it.key().encoded(), 0,
                    it.message(), 0, it.message().length);
        }
    }

    /**
     * Adds one signature's terms to the batch (its R with a random odd z, z * h to its key's scalar) and returns the
     * base point's scalar with z * s added; null when the signature cannot be valid on its own (no batch needed).
     * A method of its own so the JIT compiles it once, not once per hot loop that holds it.
     */
    private BigInteger addTerms(Item it, List<Point> points, List<BigInteger> scalars,
            Map<Keyed, BigInteger> keyScalars, BigInteger baseScalar) {
        byte[] sig = it.signature();
        if (it.key().a() == null || sig == null || sig.length != 64) {
            return null;
        }
        BigInteger s = littleEndian(sig, 32, 32);
        Point r = s.compareTo(L) < 0 ? decode(sig, 0) : null;
        if (r == null) {
            return null;
        }
        sha512.update(sig, 0, 32);
        sha512.update(it.key().encoded());
        BigInteger h = littleEndian(sha512.digest(it.message()), 0, 64).mod(L);
        BigInteger z = new BigInteger(128, random).setBit(0); // odd, so never zero
        points.add(r);
        scalars.add(z);
        keyScalars.merge(it.key(), z.multiply(h), BigInteger::add);
        return baseScalar.add(z.multiply(s));
    }

    /** Adds {@code k * p} as two 128-bit terms: {@code lo * p + hi * [2^128]p}. */
    private static void addSplit(List<Point> points, List<BigInteger> scalars, Point p, Point p128, BigInteger k) {
        points.add(p);
        scalars.add(k.and(MASK128));
        points.add(p128);
        scalars.add(k.shiftRight(128));
    }

    private static Point shifted128(Point p) {
        Point q = p;
        for (int i = 0; i < 128; i++) {
            q = q.twice();
        }
        return q;
    }

    private static BigInteger littleEndian(byte[] b, int off, int len) {
        byte[] be = new byte[len + 1];
        for (int i = 0; i < len; i++) {
            be[len - i] = b[off + i];
        }
        return new BigInteger(be);
    }

    /**
     * Decodes a point (RFC 8032 5.1.3): a canonical y below p, an x that exists, and no negative zero; null when the
     * bytes are no point.
     */
    static Point decode(byte[] enc, int off) {
        byte[] y = Arrays.copyOfRange(enc, off, off + 32);
        int sign = (y[31] & 0x80) >>> 7;
        y[31] &= 0x7f;
        if (!canonical(y)) {
            return null;
        }
        Point p = new Point();
        X25519Field.decode(y, 0, p.y);
        int[] u = X25519Field.create();
        int[] v = X25519Field.create();
        X25519Field.sqr(p.y, u);
        X25519Field.mul(D, u, v);
        X25519Field.subOne(u);
        X25519Field.addOne(v);
        if (!X25519Field.sqrtRatioVar(u, v, p.x)) {
            return null;
        }
        X25519Field.normalize(p.x);
        if (sign == 1 && X25519Field.isZeroVar(p.x)) {
            return null;
        }
        if (sign != (p.x[0] & 1)) {
            X25519Field.negate(p.x, p.x);
            X25519Field.normalize(p.x);
        }
        X25519Field.one(p.z);
        X25519Field.mul(p.x, p.y, p.t);
        return p;
    }

    /** y (sign bit cleared) is below p = 2^255 - 19. */
    private static boolean canonical(byte[] y) {
        if ((y[31] & 0xff) != 0x7f) {
            return true;
        }
        for (int i = 30; i >= 1; i--) {
            if ((y[i] & 0xff) != 0xff) {
                return true;
            }
        }
        return (y[0] & 0xff) < 0xed;
    }

    private static int[] fieldOf(BigInteger v) {
        byte[] le = new byte[32];
        byte[] be = v.toByteArray();
        for (int i = 0; i < be.length && i < 32; i++) {
            le[i] = be[be.length - 1 - i];
        }
        int[] f = X25519Field.create();
        X25519Field.decode(le, 0, f);
        return f;
    }

    /** The base point: y = 4/5, x even. */
    private static byte[] basePointEncoding() {
        BigInteger y = BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P);
        byte[] le = new byte[32];
        byte[] be = y.toByteArray();
        for (int i = 0; i < be.length && i < 32; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }

    /**
     * A point in extended twisted Edwards coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z, on -x^2 + y^2 = 1 +
     * d x^2 y^2. Formulas from Hisil, Wong, Carter, Dawson 2008 (complete for this curve).
     */
    static final class Point {
        final int[] x = X25519Field.create();
        final int[] y = X25519Field.create();
        final int[] z = X25519Field.create();
        final int[] t = X25519Field.create();

        static final Point IDENTITY = identity();

        static Point identity() {
            Point p = new Point();
            X25519Field.one(p.y);
            X25519Field.one(p.z);
            return p;
        }

        Point copy() {
            Point p = new Point();
            X25519Field.copy(x, 0, p.x, 0);
            X25519Field.copy(y, 0, p.y, 0);
            X25519Field.copy(z, 0, p.z, 0);
            X25519Field.copy(t, 0, p.t, 0);
            return p;
        }

        /** 2P (dbl-2008-hwcd with a = -1). */
        Point twice() {
            Point r = copy();
            r.doubleInPlace(new Temps());
            return r;
        }

        /** P + Q (add-2008-hwcd-3), Q in cached form. */
        Point plus(Cached q) {
            Point r = copy();
            r.addInPlace(q, new Temps());
            return r;
        }

        Point plus(Point q) {
            return plus(new Cached(q, false));
        }

        /** this = 2 this, with {@code w}'s arrays as scratch (no allocation: the batch's inner loop). */
        void doubleInPlace(Temps w) {
            int[] a = w.a;
            int[] b = w.b;
            int[] c = w.c;
            int[] e = w.e;
            int[] f = w.f;
            int[] g = w.g;
            int[] h = w.h;
            X25519Field.sqr(x, a);
            X25519Field.sqr(y, b);
            X25519Field.sqr(z, c);
            X25519Field.add(c, c, c);
            X25519Field.carry(c);
            X25519Field.add(x, y, e);
            X25519Field.sqr(e, e);
            X25519Field.add(a, b, h); // h = A + B (negated below)
            X25519Field.carry(h);
            X25519Field.sub(e, h, e); // E = (X+Y)^2 - A - B
            X25519Field.carry(e);
            X25519Field.sub(b, a, g); // G = B - A
            X25519Field.carry(g);
            X25519Field.sub(g, c, f); // F = G - 2Z^2
            X25519Field.carry(f);
            X25519Field.negate(h, h); // H = -A - B
            X25519Field.mul(e, f, x);
            X25519Field.mul(g, h, y);
            X25519Field.mul(e, h, t);
            X25519Field.mul(f, g, z);
        }

        /** this = this + Q, with {@code w}'s arrays as scratch. */
        void addInPlace(Cached q, Temps w) {
            int[] a = w.a;
            int[] b = w.b;
            int[] c = w.c;
            int[] d = w.d;
            int[] e = w.e;
            int[] f = w.f;
            int[] g = w.g;
            int[] h = w.h;
            X25519Field.sub(y, x, a);
            X25519Field.mul(a, q.yMinusX, a);
            X25519Field.add(y, x, b);
            X25519Field.mul(b, q.yPlusX, b);
            X25519Field.mul(t, q.t2d, c);
            X25519Field.mul(z, q.z2, d);
            X25519Field.sub(b, a, e);
            X25519Field.sub(d, c, f);
            X25519Field.add(d, c, g);
            X25519Field.add(b, a, h);
            X25519Field.mul(e, f, x);
            X25519Field.mul(g, h, y);
            X25519Field.mul(e, h, t);
            X25519Field.mul(f, g, z);
        }

        void set(Point p) {
            X25519Field.copy(p.x, 0, x, 0);
            X25519Field.copy(p.y, 0, y, 0);
            X25519Field.copy(p.z, 0, z, 0);
            X25519Field.copy(p.t, 0, t, 0);
        }

        boolean isIdentity() {
            int[] v = X25519Field.create();
            X25519Field.copy(x, 0, v, 0);
            X25519Field.normalize(v);
            if (!X25519Field.isZeroVar(v)) {
                return false;
            }
            X25519Field.sub(y, z, v);
            X25519Field.normalize(v);
            return X25519Field.isZeroVar(v);
        }
    }

    /** Scratch field elements for the in-place point operations. */
    static final class Temps {
        final int[] a = X25519Field.create();
        final int[] b = X25519Field.create();
        final int[] c = X25519Field.create();
        final int[] d = X25519Field.create();
        final int[] e = X25519Field.create();
        final int[] f = X25519Field.create();
        final int[] g = X25519Field.create();
        final int[] h = X25519Field.create();
    }

    /** A point prepared for addition: (Y+X, Y-X, 2dT, 2Z); negated by swapping the first two and negating 2dT. */
    static final class Cached {
        final int[] yPlusX = X25519Field.create();
        final int[] yMinusX = X25519Field.create();
        final int[] t2d = X25519Field.create();
        final int[] z2 = X25519Field.create();

        Cached() {}

        Cached(Point p, boolean negate) {
            set(p, negate);
        }

        void set(Point p, boolean negate) {
            X25519Field.add(p.y, p.x, negate ? yMinusX : yPlusX);
            X25519Field.sub(p.y, p.x, negate ? yPlusX : yMinusX);
            X25519Field.carry(yPlusX);
            X25519Field.carry(yMinusX);
            X25519Field.mul(p.t, D2, t2d);
            if (negate) {
                X25519Field.negate(t2d, t2d);
            }
            X25519Field.add(p.z, p.z, z2);
            X25519Field.carry(z2);
        }
    }

    /** Pippenger's bucket method with signed digits: sum k_i P_i for scalars below 2^128. */
    static final class Msm {
        private Msm() {}

        // Each loop is a method of its own: the JIT then compiles each once, at its entry, rather than compute as a
        // whole once per hot loop it finds it in (on-stack replacement).
        static Point compute(List<Point> points, List<BigInteger> scalars) {
            int n = points.size();
            int c = window(n);
            int windows = (128 + c) / c; // one more than ceil(128/c) when the top digit carries
            int[][] digits = digits(scalars, c, windows);
            Cached[] plus = cached(points, false);
            Cached[] minus = cached(points, true);
            int half = 1 << (c - 1);
            Temps w = new Temps();
            Cached tmp = new Cached();
            Point acc = Point.identity();
            Point[] buckets = new Point[half + 1];
            boolean[] used = new boolean[half + 1];
            for (int j = 1; j <= half; j++) {
                buckets[j] = new Point();
            }
            Point running = new Point();
            Point sum = new Point();
            for (int win = windows - 1; win >= 0; win--) {
                if (win < windows - 1) {
                    for (int k = 0; k < c; k++) {
                        acc.doubleInPlace(w);
                    }
                }
                java.util.Arrays.fill(used, false);
                scatter(digits, win, plus, minus, buckets, used, w);
                if (gather(buckets, used, half, running, sum, tmp, w)) {
                    tmp.set(sum, false);
                    acc.addInPlace(tmp, w);
                }
            }
            return acc;
        }

        private static int[][] digits(List<BigInteger> scalars, int c, int windows) {
            int[][] digits = new int[scalars.size()][];
            for (int i = 0; i < digits.length; i++) {
                digits[i] = signedDigits(scalars.get(i), c, windows);
            }
            return digits;
        }

        private static Cached[] cached(List<Point> points, boolean negate) {
            Cached[] out = new Cached[points.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = new Cached(points.get(i), negate);
            }
            return out;
        }

        /** Adds each point whose digit in window {@code win} is non-zero to the bucket of that digit's size. */
        private static void scatter(int[][] digits, int win, Cached[] plus, Cached[] minus, Point[] buckets,
                boolean[] used, Temps w) {
            for (int i = 0; i < digits.length; i++) {
                int d = digits[i][win];
                if (d == 0) {
                    continue;
                }
                int j = Math.abs(d);
                Cached q = d > 0 ? plus[i] : minus[i];
                if (!used[j]) {
                    used[j] = true;
                    buckets[j].set(Point.IDENTITY);
                }
                buckets[j].addInPlace(q, w);
            }
        }

        /** Sets {@code sum} to the sum of j times bucket j (running sums, top bucket first); false when all are empty. */
        private static boolean gather(Point[] buckets, boolean[] used, int half, Point running, Point sum, Cached tmp,
                Temps w) {
            boolean anyRunning = false;
            boolean anySum = false;
            for (int j = half; j >= 1; j--) {
                if (used[j]) {
                    if (anyRunning) {
                        tmp.set(buckets[j], false);
                        running.addInPlace(tmp, w);
                    } else {
                        running.set(buckets[j]);
                        anyRunning = true;
                    }
                }
                if (anyRunning) {
                    if (anySum) {
                        tmp.set(running, false);
                        sum.addInPlace(tmp, w);
                    } else {
                        sum.set(running);
                        anySum = true;
                    }
                }
            }
            return anySum;
        }

        /** The window width that minimises (128/c) (n + 2^(c-1)) additions. */
        static int window(int n) {
            int best = 1;
            long bestCost = Long.MAX_VALUE;
            for (int c = 1; c <= 12; c++) {
                long cost = (long) ((128 + c) / c) * (n + (1L << c));
                if (cost < bestCost) {
                    bestCost = cost;
                    best = c;
                }
            }
            return best;
        }

        /** Digits d_w in (-2^(c-1), 2^(c-1)] with k = sum d_w 2^(cw), for 0 <= k < 2^128. */
        static int[] signedDigits(BigInteger k, int c, int windows) {
            if (k.signum() < 0 || k.bitLength() > 128) {
                throw new IllegalArgumentException("batch scalars are below 2^128, found " + k.bitLength() + " bits");
            }
            long lo = k.longValue();
            long hi = k.shiftRight(64).longValue();
            int[] d = new int[windows];
            int half = 1 << (c - 1);
            int carry = 0;
            for (int w = 0; w < windows; w++) {
                int v = bits(lo, hi, w * c, c) + carry;
                carry = 0;
                if (v > half) {
                    v -= 1 << c;
                    carry = 1;
                }
                d[w] = v;
            }
            if (carry != 0) {
                throw new IllegalStateException("window count too small for a 128-bit scalar");
            }
            return d;
        }

        /** Bits {@code pos .. pos + c - 1} of the 128-bit number hi:lo (zero above bit 127). */
        private static int bits(long lo, long hi, int pos, int c) {
            int v = 0;
            for (int b = 0; b < c; b++) {
                int i = pos + b;
                long bit = i < 64 ? (lo >>> i) & 1 : i < 128 ? (hi >>> (i - 64)) & 1 : 0;
                v |= (int) bit << b;
            }
            return v;
        }
    }
}
