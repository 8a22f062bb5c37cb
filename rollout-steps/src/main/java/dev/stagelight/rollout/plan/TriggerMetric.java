package dev.stagelight.rollout.plan;

import dev.stagelight.rollout.input.InputEnum;

/** Metrics a rollback trigger may watch. Rates are fractions (0.20 = 20 percentage points), counts are counts. */
public enum TriggerMetric implements InputEnum {
    /** Failure rate after minus before, absolute. */
    FAILURE_RATE_INCREASE(true),
    /** Failure rate after the change. */
    FAILURE_RATE(true),
    /** Scans failing now that passed before. */
    NEW_FAILURES(false),
    /** New failures from rules of severity critical. */
    NEW_CRITICAL_BLOCKS(false),
    /** Evaluation errors over evaluations. */
    ERROR_RATE(true);

    private final boolean rate;

    TriggerMetric(boolean rate) {
        this.rate = rate;
    }

    /** True for fractions in 0..1, false for counts. */
    public boolean isRate() {
        return rate;
    }
}
