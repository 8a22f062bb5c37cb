package dev.stagelight.verifier.bench;

import dev.stagelight.verifier.keys.Ed25519Batch;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 verification on one core, the three ways the audit could check a manifest signature, measured in the same
 * run on the same signatures (about 700-byte messages, as DSSE PAE of an export statement): JDK 17 SunEC,
 * BouncyCastle's single verification with the decoded key kept, and {@link Ed25519Batch} at several batch sizes.
 * <pre>
 *   Ed25519Bench [SIGNATURES]    (default 4096)
 * </pre>
 */
public final class Ed25519Bench {
    private Ed25519Bench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] seed = ((EdECPrivateKey) kp.getPrivate()).getBytes().orElseThrow();
        byte[] pub = new byte[32];
        Ed25519.generatePublicKey(seed, 0, pub, 0);
        byte[][] messages = new byte[n][];
        byte[][] sigs = new byte[n][];
        for (int i = 0; i < n; i++) {
            messages[i] = ("DSSEv1 28 application/vnd.in-toto+json 700 " + "x".repeat(650) + i).getBytes(StandardCharsets.UTF_8);
            sigs[i] = new byte[64];
            Ed25519.sign(seed, 0, pub, 0, messages[i], 0, messages[i].length, sigs[i], 0);
        }
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(pub, 0);
        for (int round = 0; round < 3; round++) { // the last round counts; the first ones warm the JIT
            boolean last = round == 2;
            int jdkN = Math.min(n, 1024);
            long t0 = System.nanoTime();
            for (int i = 0; i < jdkN; i++) {
                Signature v = Signature.getInstance("Ed25519");
                v.initVerify(kp.getPublic());
                v.update(messages[i]);
                check(v.verify(sigs[i]));
            }
            report(last, "JDK 17 SunEC Ed25519 (single)", System.nanoTime() - t0, jdkN);
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                check(Ed25519.verify(sigs[i], 0, point, messages[i], 0, messages[i].length));
            }
            report(last, "BouncyCastle Ed25519 (single, key decoded once)", System.nanoTime() - t0, n);
            for (int size : new int[] {64, 256, 512}) {
                Ed25519Batch batch = new Ed25519Batch();
                t0 = System.nanoTime();
                for (int from = 0; from < n; from += size) {
                    for (int i = from; i < Math.min(n, from + size); i++) {
                        batch.add(pub, messages[i], sigs[i]);
                    }
                    boolean[] ok = batch.verify();
                    for (boolean b : ok) {
                        check(b);
                    }
                }
                report(last, "batch of " + size, System.nanoTime() - t0, n);
            }
        }
        System.out.println("ed25519: one core; " + n + " signatures of " + messages[0].length + " bytes"
                + " (JDK measured on " + Math.min(n, 1024) + ")");
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("a good signature did not verify");
        }
    }

    private static void report(boolean print, String what, long nanos, int count) {
        if (print) {
            double us = nanos / 1e3 / count;
            System.out.printf("ed25519: %-48s %7.1f us per signature, %7.0f per second%n", what, us, 1e6 / us);
        }
    }

}
