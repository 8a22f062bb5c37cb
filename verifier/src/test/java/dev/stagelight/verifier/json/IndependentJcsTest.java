package dev.stagelight.verifier.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.erdtman.jcs.JsonCanonicalizer;
import org.erdtman.jcs.NumberToJSON;
import org.junit.jupiter.api.Test;

/**
 * Differential check against an independent RFC 8785 implementation (the JCS reference port for Java by the RFC's
 * co-author, which sigstore-java already brings onto our classpath): same numbers, same documents.
 */
class IndependentJcsTest {
    private final Random random = new Random(20261124);

    @Test
    void numbersAgreeOnRandomBitPatternsAndDecimals() throws IOException {
        for (int i = 0; i < 50_000; i++) {
            double d = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong())
                    : Math.round(random.nextGaussian() * 1e6) / Math.pow(10, random.nextInt(12));
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                continue;
            }
            assertEquals(NumberToJSON.serializeNumber(d), Es6Numbers.format(d), "bits " + Long.toHexString(
                    Double.doubleToRawLongBits(d)));
        }
    }

    @Test
    void documentsAgree() throws IOException {
        for (int i = 0; i < 2_000; i++) {
            String json = "{\"doc\": " + randomValue(0) + "}"; // the reference parser wants an object at the top
            assertArrayEquals(new JsonCanonicalizer(json).getEncodedUTF8(),
                    CanonicalJson.canonicalize(json.getBytes(StandardCharsets.UTF_8)), json);
        }
    }

    private String randomValue(int depth) {
        int kind = depth > 3 ? 3 + random.nextInt(4) : random.nextInt(7);
        switch (kind) {
            case 0: {
                StringBuilder b = new StringBuilder("{ ");
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    b.append(i > 0 ? ", " : "").append(randomString()).append(i).append("\" : ")
                            .append(randomValue(depth + 1));
                }
                return b.append('}').toString();
            }
            case 1: {
                StringBuilder b = new StringBuilder("[");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.append(i > 0 ? " ,\n" : "").append(randomValue(depth + 1));
                }
                return b.append(']').toString();
            }
            case 2:
                return random.nextBoolean() ? "true" : random.nextBoolean() ? "false" : "null";
            case 3:
                return Long.toString(random.nextLong() >> random.nextInt(64));
            case 4:
                return Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            default:
                return randomString() + "\"";
        }
    }

    /** An opening quote and some text mixing ASCII, escapes, control characters, BMP and astral characters. */
    private String randomString() {
        String[] pieces = {"a", "Z", "0", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u0001", "\\u001f", "\u00e9",
            "\u20ac", "\ufb33", "\ud83d\ude00", "\\ud83d\\ude00", "\\u00F6", " ", "~", "\u007f"};
        StringBuilder b = new StringBuilder("\"");
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            b.append(pieces[random.nextInt(pieces.length)]);
        }
        return b.toString();
    }
}
