package dev.stagelight.rollout.state;

import java.util.Locale;

/** Rollout status of the flow: {@code pending -> in_progress -> paused -> completed | rolled_back | failed}. */
public enum RolloutStatus {
    PENDING, IN_PROGRESS, PAUSED, COMPLETED, ROLLED_BACK, FAILED;

    /** The wire name used by the flow's status schema ({@code in_progress}, {@code rolled_back}, ...). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean terminal() {
        return this == COMPLETED || this == ROLLED_BACK || this == FAILED;
    }
}
