package dev.stagelight.verifier.keys;

import java.util.Arrays;

/**
 * Just enough DER to read the algorithm of an X.509 SubjectPublicKeyInfo
 * ({@code SEQUENCE { SEQUENCE { OID, parameters }, BIT STRING }}) before the JDK's key factory checks the key
 * itself; reading it with BouncyCastle's ASN.1 classes cost more start-up time than verifying the signature.
 *
 * @param algorithm  the algorithm OID, dotted ({@code 1.2.840.10045.2.1})
 * @param parameters the parameters: a dotted OID (a named curve), or the DER in hex, or empty when absent
 */
record Spki(String algorithm, String parameters) {
    static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    static final String SECP256R1 = "1.2.840.10045.3.1.7";
    static final String ED25519 = "1.3.101.112";

    private static final int SEQUENCE = 0x30;
    private static final int OID = 0x06;
    private static final int BIT_STRING = 0x03;

    /** @throws IllegalArgumentException saying what is malformed */
    static Spki parse(byte[] der) {
        Reader outer = new Reader(der, 0, der.length);
        Reader spki = outer.enter(SEQUENCE, "SubjectPublicKeyInfo");
        outer.end("SubjectPublicKeyInfo");
        Reader alg = spki.enter(SEQUENCE, "AlgorithmIdentifier");
        String oid = alg.oid("algorithm");
        String params = "";
        if (alg.pos < alg.end) {
            params = alg.peekTag() == OID ? alg.oid("parameters") : hex(alg.any("parameters"));
        }
        alg.end("AlgorithmIdentifier");
        byte[] bits = spki.value(BIT_STRING, "subjectPublicKey");
        if (bits.length == 0 || bits[0] != 0) {
            throw new IllegalArgumentException("subjectPublicKey: expected a BIT STRING of whole bytes");
        }
        spki.end("SubjectPublicKeyInfo");
        return new Spki(oid, params);
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder("#");
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }

    /** Reads definite-length DER elements between {@code pos} and {@code end}. */
    private static final class Reader {
        private final byte[] der;
        private int pos;
        private final int end;

        Reader(byte[] der, int pos, int end) {
            this.der = der;
            this.pos = pos;
            this.end = end;
        }

        int peekTag() {
            return pos < end ? der[pos] & 0xff : -1;
        }

        /** The contents of the next element, which must carry {@code tag}. */
        Reader enter(int tag, String what) {
            int[] span = element(tag, what);
            return new Reader(der, span[0], span[1]);
        }

        byte[] value(int tag, String what) {
            int[] span = element(tag, what);
            return Arrays.copyOfRange(der, span[0], span[1]);
        }

        /** The whole next element (tag, length and contents), whatever its tag. */
        byte[] any(String what) {
            int start = pos;
            element(peekTag(), what);
            return Arrays.copyOfRange(der, start, pos);
        }

        String oid(String what) {
            byte[] v = value(OID, what);
            if (v.length == 0 || (v[v.length - 1] & 0x80) != 0) {
                throw new IllegalArgumentException(what + ": malformed OBJECT IDENTIFIER");
            }
            StringBuilder sb = new StringBuilder();
            long arc = 0;
            boolean first = true;
            for (byte b : v) {
                if (arc == 0 && (b & 0xff) == 0x80) {
                    throw new IllegalArgumentException(what + ": OBJECT IDENTIFIER arc with a leading zero byte");
                }
                arc = (arc << 7) | (b & 0x7f);
                if (arc > Long.MAX_VALUE >> 8) {
                    throw new IllegalArgumentException(what + ": OBJECT IDENTIFIER arc too large");
                }
                if ((b & 0x80) == 0) {
                    if (first) {
                        int top = arc < 40 ? 0 : arc < 80 ? 1 : 2;
                        sb.append(top).append('.').append(arc - 40L * top);
                        first = false;
                    } else {
                        sb.append('.').append(arc);
                    }
                    arc = 0;
                }
            }
            return sb.toString();
        }

        void end(String what) {
            if (pos != end) {
                throw new IllegalArgumentException(what + ": " + (end - pos) + " unexpected bytes after its last field");
            }
        }

        /** Reads tag and length; returns the contents' [start, end) and moves past the element. */
        private int[] element(int tag, String what) {
            if (pos >= end) {
                throw new IllegalArgumentException(what + ": missing (end of data)");
            }
            int found = der[pos] & 0xff;
            if (found != tag || (tag & 0x1f) == 0x1f) {
                throw new IllegalArgumentException(what + ": expected DER tag 0x" + Integer.toHexString(tag)
                        + ", found 0x" + Integer.toHexString(found));
            }
            int p = pos + 1;
            if (p >= end) {
                throw new IllegalArgumentException(what + ": truncated length");
            }
            int len = der[p++] & 0xff;
            if (len >= 0x80) {
                int n = len & 0x7f;
                if (n == 0 || n > 3 || p + n > end) {
                    throw new IllegalArgumentException(what + ": unsupported or truncated DER length");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (der[p++] & 0xff);
                }
                if (len < 0x80 || (n > 1 && len < (1 << (8 * (n - 1))))) {
                    throw new IllegalArgumentException(what + ": length not in minimal DER form");
                }
            }
            if (len > end - p) {
                throw new IllegalArgumentException(what + ": length " + len + " runs past the end of the data");
            }
            pos = p + len;
            return new int[] {p, p + len};
        }
    }
}
