package dev.stagelight.verifier.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The small reader accepts what the strict Jackson set-up it replaces accepts, and refuses what it refuses. */
class JsonReaderTest {
    private static final ObjectMapper JACKSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    @Test
    void readsEveryKindOfValue() throws Exception {
        Object v = JsonReader.parse(b(" {\"s\":\"a\\u00e9\\n\\\"\\/\",\"n\":-12,\"big\":123456789012345678901234,"
                + "\"f\":1.5e2,\"t\":true,\"x\":false,\"z\":null,\"l\":[1,[],{}],\"u\":\"\u20ac\ud83d\ude00\"}\n"));
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("s", "n", "big", "f", "t", "x", "z", "l", "u"), List.copyOf(m.keySet()), "document order");
        assertEquals("a\u00e9\n\"/", m.get("s"));
        assertEquals(-12L, m.get("n"));
        assertEquals(new BigInteger("123456789012345678901234"), m.get("big"));
        assertEquals(150.0, m.get("f"));
        assertEquals(Boolean.TRUE, m.get("t"));
        assertEquals(Boolean.FALSE, m.get("x"));
        assertSame(JsonReader.NULL, m.get("z"));
        assertEquals("\u20ac\ud83d\ude00", m.get("u"));
        assertEquals(1L, JsonReader.at(v, "/l/0"));
        assertEquals(List.of(), JsonReader.at(v, "/l/1"));
        assertNull(JsonReader.at(v, "/l/3"));
        assertNull(JsonReader.at(v, "/missing"));
        assertNull(JsonReader.at(v, "/s/0"), "no members inside a string");
        assertEquals("null", JsonReader.typeName(m.get("z")));
        assertEquals("missing", JsonReader.typeName(null));
        assertEquals(Long.MAX_VALUE, JsonReader.parse(b("9223372036854775807")));
        assertEquals(new BigInteger("9223372036854775808"), JsonReader.parse(b("9223372036854775808")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "{", "{\"a\":1,}", "[1,]", "{\"a\":1}x", "{\"a\":1} {}", "{\"a\" 1}", "{a:1}",
            "{'a':1}", "01", "-", "1.", ".5", "1e", "+1", "NaN", "Infinity", "tru", "nul", "[1 2]",
            "\"a\u0001\"", "\"\\x\"", "\"\\u12g4\"", "\"open", "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":1}}",
            "/* c */ 1", "[1] // c"})
    void refusesWhatJacksonRefuses(String text) {
        assertThrows(Exception.class, () -> JACKSON.readTree(b(text)).require(), "Jackson also refuses " + text);
        assertThrows(JsonSyntaxException.class, () -> JsonReader.parse(b(text)), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "0", "-0", "1.25", "2E-3", "\"\"", "[{\"a\":[{\"b\":null}]}]",
            "{\"a\":\"\\ud800\"}", " \t\r\n{ \"a\" : [ 1 , 2 ] } \n"})
    void acceptsWhatJacksonAccepts(String text) throws Exception {
        JACKSON.readTree(b(text));
        JsonReader.parse(b(text));
    }

    @Test
    void refusesInvalidUtf8() {
        byte[][] bad = {
            {'"', (byte) 0xc3, '"'},                       // truncated two-byte sequence
            {'"', (byte) 0xc0, (byte) 0xaf, '"'},          // overlong '/'
            {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}, // a UTF-16 surrogate
            {'"', (byte) 0xff, '"'},
            {'"', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // above U+10FFFF
        };
        for (byte[] b : bad) {
            assertThrows(JsonSyntaxException.class, () -> JsonReader.parse(b));
        }
    }

    @Test
    void errorsSayWhereAndWhat() {
        JsonSyntaxException e = assertThrows(JsonSyntaxException.class,
                () -> JsonReader.parse(b("{\n  \"a\": 1,\n  \"a\": 2\n}")));
        assertEquals("Duplicate field 'a'", e.reason());
        assertEquals(3, e.line());
        assertEquals(3, e.column());
        e = assertThrows(JsonSyntaxException.class, () -> JsonReader.parse(b("[1,\n 2 x]")));
        assertEquals(2, e.line());
        assertEquals(4, e.column());
        assertTrue(e.reason().contains("'x'"), e.reason());
        e = assertThrows(JsonSyntaxException.class, () -> JsonReader.parse(b("  ")));
        assertEquals(JsonReader.EMPTY_DOCUMENT, e.reason());
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() throws Exception {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> JsonReader.parse(b(deep)));
        assertTrue(e.reason().contains("nested deeper"), e.reason());
        JsonReader.parse(b("[".repeat(500) + "]".repeat(500)));
    }

    @Test
    void canonicalFormOfPlainValuesMatchesTheJacksonPath() throws Exception {
        String[] docs = {"{\"b\":1,\"a\":[true,null,\"\\u0001\u00e9\"],\"c\":{\"z\":1.5e3,\"y\":-0.0001}}",
            "{\"seq\":123456789,\"big\":9007199254740993,\"\u20ac\":\"\ud83d\ude00\",\"e\":\"\"}"};
        for (String d : docs) {
            assertEquals(new String(CanonicalJson.canonicalize(b(d)), StandardCharsets.UTF_8),
                    new String(CanonicalJson.canonicalizePlain(JsonReader.parse(b(d))), StandardCharsets.UTF_8));
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
