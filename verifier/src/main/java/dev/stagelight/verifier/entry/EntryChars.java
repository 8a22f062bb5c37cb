package dev.stagelight.verifier.entry;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The character classes of entry fields, checked by plain loops: a full audit checks them for every entry, twice
 * (parse and constructor), and the equivalent regular expressions were a tenth of its parsing time.
 */
final class EntryChars {
    private EntryChars() {}

    /** {@code [0-9a-f]{n}}. */
    static boolean isLowerHex(String s, int n) {
        if (s.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9._-]{0,127}}. */
    static boolean isName(String s) {
        if (s.isEmpty() || s.length() > 128 || !alnum(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(alnum(c) || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@code [\x21-\x7e]{1,256}}. */
    static boolean isPrintable(String s) {
        if (s.isEmpty() || s.length() > 256) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Standard padded base64: {@code (?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?}. */
    static boolean isBase64(String s) {
        int n = s.length();
        if (n % 4 != 0) {
            return false;
        }
        int pad = n > 0 && s.charAt(n - 1) == '=' ? (n > 1 && s.charAt(n - 2) == '=' ? 2 : 1) : 0;
        for (int i = 0; i < n - pad; i++) {
            char c = s.charAt(i);
            if (!(alnum(c) || c == '+' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ssZ} read as a valid UTC time, or null for any other spelling (which the caller then
     * checks the slow way: fractions, leap seconds, other years, mistakes).
     */
    static Instant parsePlainUtcSeconds(String s) {
        if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException invalid) {
            return null;
        }
    }

    /** The ISO_INSTANT spelling of {@code t} when it is whole seconds in years 0000-9999, else null. */
    static String plainUtcSeconds(Instant t) {
        if (t.getNano() != 0 || t.getEpochSecond() < MIN_PLAIN || t.getEpochSecond() > MAX_PLAIN) {
            return null;
        }
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        char[] c = new char[20];
        put(c, 0, d.getYear(), 4);
        c[4] = '-';
        put(c, 5, d.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, d.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, d.getHour(), 2);
        c[13] = ':';
        put(c, 14, d.getMinute(), 2);
        c[16] = ':';
        put(c, 17, d.getSecond(), 2);
        c[19] = 'Z';
        return new String(c);
    }

    private static final long MIN_PLAIN = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long MAX_PLAIN = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

    private static int digits(String s, int off, int n) {
        int v = 0;
        for (int i = off; i < off + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static void put(char[] c, int off, int value, int n) {
        for (int i = off + n - 1; i >= off; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static boolean alnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
