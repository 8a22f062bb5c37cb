package dev.stagelight.verifier.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * ECMAScript (ES6, section 7.1.12.1) Number-to-String for finite doubles, as RFC 8785 requires.
 * Java 17's {@link Double#toString} does not always produce the shortest round-tripping digits, so the digits are
 * found here: for each precision p = 1..17 the two p-digit decimals that bracket the exact binary value are tried,
 * and the shortest one that parses back to the same double wins (the closer one, then the even one, on a tie).
 */
final class Es6Numbers {
    /** Below 2^53 every integer-valued double is exact, and ES6 prints it as plain digits. */
    private static final double EXACT_INTEGER_LIMIT = 9007199254740992.0;

    private Es6Numbers() {}

    static String format(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new CanonicalJsonException("number " + d + " has no JSON form (RFC 8785 section 3.2.2.3)");
        }
        if (d == 0) {
            return "0"; // also for -0
        }
        if (d == Math.rint(d) && Math.abs(d) < EXACT_INTEGER_LIMIT) {
            return Long.toString((long) d);
        }
        StringBuilder out = new StringBuilder(26);
        if (d < 0) {
            out.append('-');
            d = -d;
        }
        BigDecimal shortest = shortestDigits(d);
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // value = 0.digits * 10^n
        if (k <= n && n <= 21) {
            out.append(digits);
            out.append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            int e = n - 1;
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return out.toString();
    }

    /** The shortest decimal (trailing zeros stripped) that reads back as {@code d}; {@code d} is positive and finite. */
    private static BigDecimal shortestDigits(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int p = 1; p <= 17; p++) {
            BigDecimal down = exact.round(new MathContext(p, RoundingMode.FLOOR));
            BigDecimal up = exact.round(new MathContext(p, RoundingMode.CEILING));
            boolean downOk = down.doubleValue() == d;
            boolean upOk = up.doubleValue() == d;
            if (downOk && upOk && down.compareTo(up) != 0) {
                int cmp = exact.subtract(down).compareTo(up.subtract(exact));
                if (cmp != 0) {
                    return (cmp < 0 ? down : up).stripTrailingZeros();
                }
                return (down.unscaledValue().testBit(0) ? up : down).stripTrailingZeros();
            }
            if (downOk) {
                return down.stripTrailingZeros();
            }
            if (upOk) {
                return up.stripTrailingZeros();
            }
        }
        throw new IllegalStateException("no 17-digit decimal reads back as " + d); // 17 digits always suffice
    }
}
