package dev.stagelight.verifier.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The loops that replaced the entry's regular expressions and time formatting agree with them. */
class EntryCharsTest {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern BASE64 = Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]{1,256}");
    private static final String ALPHABET = "0123456789abcdefABCXYZxyz+/=._- \u00e9\u0000:Tz";

    @Test
    void characterClassesAgreeWithTheRegularExpressions() {
        Random r = new Random(7);
        List<String> fixed = List.of("", "a", "-a", "a-", "=", "==", "ab==", "abc=", "a===", "abcd", "ab=c", "abcd====",
                "0".repeat(64), "0".repeat(63) + "g", "A".repeat(64), "x".repeat(128), "x".repeat(129),
                "~".repeat(256), "~".repeat(257), "a b", "\u00e9t\u00e9");
        for (String s : fixed) {
            check(s);
        }
        for (int t = 0; t < 20000; t++) {
            int n = r.nextInt(t % 10 == 0 ? 300 : 12);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                b.append(ALPHABET.charAt(r.nextInt(t % 3 == 0 ? 16 : ALPHABET.length())));
            }
            check(b.toString());
        }
    }

    private static void check(String s) {
        assertEquals(HEX64.matcher(s).matches(), EntryChars.isLowerHex(s, 64), s);
        assertEquals(NAME.matcher(s).matches(), EntryChars.isName(s), s);
        assertEquals(BASE64.matcher(s).matches(), EntryChars.isBase64(s), s);
        assertEquals(PRINTABLE.matcher(s).matches(), EntryChars.isPrintable(s), s);
    }

    @Test
    void plainTimesAgreeWithIsoInstant() {
        Random r = new Random(11);
        for (int t = 0; t < 20000; t++) {
            Instant i = Instant.ofEpochSecond(r.nextLong(-62_167_219_200L, 253_402_300_800L));
            String iso = DateTimeFormatter.ISO_INSTANT.format(i);
            assertEquals(iso, EntryChars.plainUtcSeconds(i));
            assertEquals(i, EntryChars.parsePlainUtcSeconds(iso), iso);
        }
        assertNull(EntryChars.plainUtcSeconds(Instant.parse("2026-11-24T12:00:00.5Z")));
        assertNull(EntryChars.plainUtcSeconds(Instant.parse("+10000-01-01T00:00:00Z")));
        for (String bad : List.of("2026-02-30T00:00:00Z", "2026-11-24T24:00:00Z", "2026-12-31T23:59:60Z",
                "2026-11-24t12:00:00Z", "2026-11-24T12:00:00z", "2026-11-24T12:00:00+00:00", "2026-11-24T12:00Z",
                "2026-1-24T12:00:00Z", "2026-11-24T12:00:00.0Z", "2026-11-24T12:0a:00Z", "-026-11-24T12:00:00Z")) {
            assertNull(EntryChars.parsePlainUtcSeconds(bad), bad);
        }
    }
}
