package dev.stagelight.rollout.gate.adaptive;

import dev.stagelight.rollout.gate.analysis.Status;
import dev.stagelight.rollout.input.InputEnum;

/** The verdict on one point: within the band, outside it, or no verdict (too little baseline, or no value). */
public enum AdaptiveStatus implements InputEnum {
    NORMAL,
    ANOMALY,
    NO_DATA;

    /** As a gate status: anomaly fails, normal passes, no data is inconclusive (never a pass). */
    public Status gateStatus() {
        return switch (this) {
            case NORMAL -> Status.SUCCESSFUL;
            case ANOMALY -> Status.FAILED;
            case NO_DATA -> Status.INCONCLUSIVE;
        };
    }
}
