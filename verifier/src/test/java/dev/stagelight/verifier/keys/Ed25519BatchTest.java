package dev.stagelight.verifier.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

/** The batch verifier against BouncyCastle's single RFC 8032 verification, on good and damaged signatures. */
class Ed25519BatchTest {
    private final Random random = new Random(20261203);

    private record Signed(byte[] key, byte[] message, byte[] sig) {}

    private byte[][] keyPair() {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        byte[] pub = new byte[32];
        Ed25519.generatePublicKey(seed, 0, pub, 0);
        return new byte[][] {seed, pub};
    }

    private Signed sign(byte[][] pair, int i) {
        byte[] message = ("statement " + i + " " + random.nextLong()).repeat(1 + i % 7).getBytes(StandardCharsets.UTF_8);
        byte[] sig = new byte[64];
        Ed25519.sign(pair[0], 0, pair[1], 0, message, 0, message.length, sig, 0);
        return new Signed(pair[1], message, sig);
    }

    private static boolean single(Signed s) {
        return s.sig().length == 64 && Ed25519.verify(s.sig(), 0, s.key(), 0, s.message(), 0, s.message().length);
    }

    private static boolean[] batch(List<Signed> all) {
        Ed25519Batch b = new Ed25519Batch();
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i, b.add(all.get(i).key(), all.get(i).message(), all.get(i).sig()));
        }
        boolean[] valid = b.verify();
        assertEquals(0, b.size(), "verify empties the queue");
        return valid;
    }

    @Test
    void everyGoodSignatureOfSeveralKeysVerifies() {
        byte[][][] keys = {keyPair(), keyPair(), keyPair()};
        List<Signed> all = new ArrayList<>();
        for (int i = 0; i < 700; i++) { // more than one MAX_BATCH
            all.add(sign(keys[i % 3 == 0 ? 0 : i % 5 == 0 ? 1 : 2], i));
        }
        boolean[] valid = batch(all);
        for (int i = 0; i < all.size(); i++) {
            assertTrue(valid[i], "signature " + i);
        }
    }

    @Test
    void exactlyTheDamagedSignaturesFail() {
        byte[][] key = keyPair();
        byte[][] other = keyPair();
        List<Signed> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            all.add(sign(key, i));
        }
        List<Integer> bad = List.of(3, 17, 18, 100, 150, 201, 250, 299);
        all.set(3, damage(all.get(3), s -> s.message()[0] ^= 1));                 // other message
        all.set(17, damage(all.get(17), s -> s.sig()[40] ^= 0x10));                // S changed
        all.set(18, damage(all.get(18), s -> s.sig()[5] ^= 0x01));                 // R changed (maybe no point)
        Signed high = all.get(100);                                                 // S + L: same value mod L
        BigInteger s = le(high.sig(), 32).add(Ed25519Batch.L);
        byte[] sig = high.sig().clone();
        System.arraycopy(toLe(s), 0, sig, 32, 32);
        all.set(100, new Signed(high.key(), high.message(), sig));
        all.set(150, new Signed(other[1], all.get(150).message(), all.get(150).sig())); // another key
        all.set(201, new Signed(key[1], all.get(201).message(), new byte[63]));      // truncated
        byte[] noKey = new byte[32];
        noKey[0] = 2; // y = 2 has no x on the curve
        all.set(250, new Signed(noKey, all.get(250).message(), all.get(250).sig()));
        all.set(299, damage(all.get(299), x -> x.sig()[63] |= (byte) 0xe0));     // S far above L
        boolean[] valid = batch(all);
        for (int i = 0; i < all.size(); i++) {
            assertEquals(!bad.contains(i), valid[i], "signature " + i);
            assertEquals(single(all.get(i)), valid[i], "batch and single verification disagree on " + i);
        }
    }

    @Test
    void oneBadSignatureInALargeBatchIsFound() {
        byte[][] key = keyPair();
        List<Signed> all = new ArrayList<>();
        for (int i = 0; i < Ed25519Batch.MAX_BATCH; i++) {
            all.add(sign(key, i));
        }
        all.set(411, damage(all.get(411), s -> s.message()[s.message().length - 1] ^= 0x20));
        boolean[] valid = batch(all);
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i != 411, valid[i], "signature " + i);
        }
    }

    @Test
    void emptyBatchAndWrongKeyLength() {
        assertEquals(0, new Ed25519Batch().verify().length);
        assertThrows(IllegalArgumentException.class, () -> new Ed25519Batch().add(new byte[31], new byte[0], new byte[64]));
    }

    @Test
    void pointDecodingFollowsRfc8032() {
        byte[][] key = keyPair();
        assertNotNull(Ed25519Batch.decode(key[1], 0));
        byte[] nonCanonical = new byte[32]; // y = p (2^255 - 19) encodes 0 non-canonically
        nonCanonical[0] = (byte) 0xed;
        for (int i = 1; i < 31; i++) {
            nonCanonical[i] = (byte) 0xff;
        }
        nonCanonical[31] = 0x7f;
        assertNull(Ed25519Batch.decode(nonCanonical, 0));
        byte[] negativeZero = new byte[32]; // y = 1, x = 0 with the sign bit set
        negativeZero[0] = 1;
        negativeZero[31] = (byte) 0x80;
        assertNull(Ed25519Batch.decode(negativeZero, 0));
        byte[] identity = new byte[32];
        identity[0] = 1;
        assertTrue(Ed25519Batch.decode(identity, 0).isIdentity());
    }

    @Test
    void multiScalarMultiplicationEqualsDoubleAndAdd() {
        byte[][] key = keyPair();
        Ed25519Batch.Point a = Ed25519Batch.decode(key[1], 0);
        for (int n : new int[] {1, 2, 5, 40, 300}) {
            List<Ed25519Batch.Point> points = new ArrayList<>();
            List<BigInteger> scalars = new ArrayList<>();
            Ed25519Batch.Point expected = Ed25519Batch.Point.identity();
            Ed25519Batch.Point p = a;
            for (int i = 0; i < n; i++) {
                p = p.twice().plus(a); // distinct points
                BigInteger k = i == 0 ? BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)
                        : new BigInteger(i % 3 == 0 ? 20 : 128, random);
                points.add(p);
                scalars.add(k);
                expected = expected.plus(naive(p, k));
            }
            Ed25519Batch.Point got = Ed25519Batch.Msm.compute(points, scalars);
            assertTrue(got.plus(new Ed25519Batch.Cached(expected, true)).isIdentity(), "n = " + n);
            assertFalse(got.plus(new Ed25519Batch.Cached(a, true)).isIdentity() && n > 1);
        }
    }

    @Test
    void signedDigitsRecomposeTheScalar() {
        for (int c = 1; c <= 12; c++) {
            int windows = (128 + c) / c;
            for (int t = 0; t < 50; t++) {
                BigInteger k = new BigInteger(128, random);
                int[] d = Ed25519Batch.Msm.signedDigits(k, c, windows);
                BigInteger back = BigInteger.ZERO;
                for (int w = windows - 1; w >= 0; w--) {
                    assertTrue(d[w] <= (1 << (c - 1)) && d[w] > -(1 << (c - 1)), "digit range, c = " + c);
                    back = back.shiftLeft(c).add(BigInteger.valueOf(d[w]));
                }
                assertEquals(k, back, "c = " + c);
            }
        }
        assertArrayEquals(new int[11], Ed25519Batch.Msm.signedDigits(BigInteger.ZERO, 12, 11));
    }

    private static Ed25519Batch.Point naive(Ed25519Batch.Point p, BigInteger k) {
        Ed25519Batch.Point r = Ed25519Batch.Point.identity();
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            r = r.twice();
            if (k.testBit(i)) {
                r = r.plus(p);
            }
        }
        return r;
    }

    private interface Damage {
        void apply(Signed s);
    }

    private static Signed damage(Signed s, Damage d) {
        Signed copy = new Signed(s.key(), s.message().clone(), s.sig().clone());
        d.apply(copy);
        return copy;
    }

    private static BigInteger le(byte[] b, int off) {
        byte[] be = new byte[33];
        for (int i = 0; i < 32; i++) {
            be[32 - i] = b[off + i];
        }
        return new BigInteger(be);
    }

    private static byte[] toLe(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }
}
