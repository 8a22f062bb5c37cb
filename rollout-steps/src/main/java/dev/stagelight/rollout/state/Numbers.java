package dev.stagelight.rollout.state;

import java.math.BigDecimal;

/** Number formatting for messages and tables: shortest plain decimal, no exponent, no float noise like 0.30000000000000004. */
public final class Numbers {
    private Numbers() {}

    public static String plain(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        BigDecimal b = new BigDecimal(Double.toString(d)).round(new java.math.MathContext(12)).stripTrailingZeros();
        return b.scale() < 0 ? b.setScale(0).toPlainString() : b.toPlainString();
    }
}
