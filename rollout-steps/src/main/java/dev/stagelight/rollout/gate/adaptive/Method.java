package dev.stagelight.rollout.gate.adaptive;

import dev.stagelight.rollout.input.InputEnum;

/** The anomaly method; the sprint names one, EWMA expectation with a MAD-scaled robust z-score. */
public enum Method implements InputEnum {
    EWMA_MAD
}
