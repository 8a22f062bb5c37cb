package dev.stagelight.verifier.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {
    private static String canon(String json) {
        return new String(CanonicalJson.canonicalize(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** RFC 8785 appendix B: IEEE 754 bit patterns and their ECMAScript serialization. */
    @ParameterizedTest
    @CsvSource({
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "41b3de4355555557, 333333333.33333343",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2",
    })
    void appendixBNumbers(String bits, String expected) {
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertEquals(expected, Es6Numbers.format(d));
        // The same value written with Java's own digits must canonicalize to the RFC's text.
        assertEquals(expected, canon(Double.toString(d)));
    }

    @Test
    void nanAndInfinityHaveNoForm() {
        assertThrows(CanonicalJsonException.class, () -> Es6Numbers.format(Double.NaN));
        assertThrows(CanonicalJsonException.class, () -> Es6Numbers.format(Double.POSITIVE_INFINITY));
        CanonicalJsonException e = assertThrows(CanonicalJsonException.class, () -> canon("{\"a\":[1e400]}"));
        assertTrue(e.getMessage().contains("/a/0"), e.getMessage());
    }

    @Test
    void randomDoublesRoundTripWithNoMoreDigitsThanJava() {
        Random random = new Random(8785);
        for (int i = 0; i < 20_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                continue;
            }
            String es6 = Es6Numbers.format(d);
            assertEquals(d == 0 ? 0.0 : d, Double.parseDouble(es6), es6);
            assertTrue(significantDigits(es6) <= significantDigits(Double.toString(d)), es6 + " vs " + d);
        }
    }

    private static int significantDigits(String number) {
        String mantissa = number.replaceFirst("[eE].*", "").replace("-", "").replace(".", "");
        return mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "").length();
    }

    /** RFC 8785 section 3.2.2: the main example. */
    @Test
    void rfcExample() {
        String input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50,\n"
                + "              2e-3, 0.000000000000000000000000001],\n"
                + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
                + "  \"literals\": [null, true, false]\n}";
        assertEquals("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}", canon(input));
    }

    /** RFC 8785 section 3.2.3: member names sort by UTF-16 code units, not code points. */
    @Test
    void rfcSortingExample() {
        String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\","
                + "\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\","
                + "\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
                + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
        assertEquals("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
                canon(input));
    }

    @Test
    void escapesOnlyWhatTheRfcEscapes() {
        assertEquals("\"\\u0000\\u001f\\b\\t\\n\\f\\r\\\"\\\\/\u007f\u00e9\"",
                canon("\"\\u0000\\u001F\\b\\t\\n\\f\\r\\\"\\\\\\/\\u007f\u00e9\""));
    }

    @Test
    void loneSurrogateIsRejectedWithItsPointer() {
        CanonicalJsonException e = assertThrows(CanonicalJsonException.class, () -> canon("{\"k\":[\"\\ud800x\"]}"));
        assertTrue(e.getMessage().contains("/k/0") && e.getMessage().contains("surrogate"), e.getMessage());
    }

    @Test
    void nestedStructuresAndIntegers() {
        assertEquals("{\"a\":{\"b\":[],\"c\":{}},\"seq\":42,\"z\":-7}",
                canon("{ \"z\" : -7, \"seq\": 42.0, \"a\": {\"c\": {}, \"b\": [ ]} }"));
        assertEquals("9007199254740992", canon("9007199254740993")); // beyond 2^53: rounds as a double
    }

    @Test
    void duplicateKeysAreRejectedNamingTheKey() {
        CanonicalJsonException e = assertThrows(CanonicalJsonException.class,
                () -> canon("{\"seq\":1,\n\"seq\":2}"));
        assertTrue(e.getMessage().contains("seq") && e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void trailingContentIsRejected() {
        CanonicalJsonException e = assertThrows(CanonicalJsonException.class, () -> canon("{\"a\":1} {\"b\":2}"));
        assertTrue(e.getMessage().toLowerCase().contains("trailing"), e.getMessage());
    }

    @Test
    void garbageIsRejectedWithLineAndColumn() {
        CanonicalJsonException e = assertThrows(CanonicalJsonException.class, () -> canon("{\"a\":\n  tru}"));
        assertTrue(e.getMessage().startsWith("line 2, column"), e.getMessage());
        assertThrows(CanonicalJsonException.class, () -> canon(""));
        assertThrows(CanonicalJsonException.class, () -> canon("{\"a\":NaN}"));
        assertThrows(CanonicalJsonException.class, () -> canon("[01]"));
    }

    @Test
    void isCanonicalTellsCanonicalFromNot() {
        assertTrue(CanonicalJson.isCanonical("{\"a\":1,\"b\":[true]}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(CanonicalJson.isCanonical("{\"b\":[true],\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(CanonicalJson.isCanonical("{\"a\": 1}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(CanonicalJson.isCanonical("{\"a\":1.0}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(CanonicalJson.isCanonical("{\"a\":\"\\u0041\"}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(CanonicalJsonException.class,
                () -> CanonicalJson.isCanonical("{\"a\":1,\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void plainValuesAreWrittenSortedAndTheirErrorsNameTheJsonPointer() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("b", java.util.List.of(1.0, "x", Boolean.TRUE, JsonReader.NULL));
        m.put("a~/c", java.util.Map.of("z", "\u00e9", "y", -0.5));
        assertEquals("{\"a~/c\":{\"y\":-0.5,\"z\":\"\u00e9\"},\"b\":[1,\"x\",true,null]}",
                new String(CanonicalJson.canonicalizePlain(m), StandardCharsets.UTF_8));
        CanonicalJsonException nan = assertThrows(CanonicalJsonException.class,
                () -> CanonicalJson.canonicalizePlain(java.util.Map.of("a~/c", java.util.List.of("ok", Double.NaN))));
        assertTrue(nan.getMessage().startsWith("at /a~0~1c/1: number NaN"), nan.getMessage());
        CanonicalJsonException surrogate = assertThrows(CanonicalJsonException.class,
                () -> CanonicalJson.canonicalizePlain(java.util.Map.of("k", "\ud800")));
        assertTrue(surrogate.getMessage().startsWith("at /k: lone surrogate \\ud800"), surrogate.getMessage());
        CanonicalJsonException root = assertThrows(CanonicalJsonException.class,
                () -> CanonicalJson.canonicalizePlain(Double.POSITIVE_INFINITY));
        assertTrue(root.getMessage().startsWith("at the root: "), root.getMessage());
    }
}
