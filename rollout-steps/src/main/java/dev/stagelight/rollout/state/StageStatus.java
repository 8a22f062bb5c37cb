package dev.stagelight.rollout.state;

import java.util.Locale;

/** Stage status of the flow: {@code pending -> active -> monitoring -> completed | failed}. */
public enum StageStatus {
    PENDING, ACTIVE, MONITORING, COMPLETED, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
