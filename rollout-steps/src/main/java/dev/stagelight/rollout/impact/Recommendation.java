package dev.stagelight.rollout.impact;

/** The impact analysis verdict on a rollout plan. */
public enum Recommendation {
    PROCEED,
    PROCEED_WITH_CAUTION,
    DO_NOT_PROCEED
}
