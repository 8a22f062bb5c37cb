package dev.stagelight.rollout.gate.adaptive;

import dev.stagelight.rollout.input.InputEnum;

/** Which deviation is anomalous: a rise ({@code increase}, e.g. error ratio, latency), a drop, or either. */
public enum Direction implements InputEnum {
    INCREASE,
    DECREASE,
    EITHER;

    /** True when robust z-score {@code z} crosses {@code threshold} in this direction. */
    public boolean crosses(double z, double threshold) {
        return switch (this) {
            case INCREASE -> z > threshold;
            case DECREASE -> z < -threshold;
            case EITHER -> Math.abs(z) > threshold;
        };
    }
}
