package dev.stagelight.rollout.plan;

import dev.stagelight.rollout.input.InputEnum;

/** How a rollout proceeds; the engine runs {@link #STAGED} here, the others are parsed and validated. */
public enum Strategy implements InputEnum {
    STAGED,
    BLUE_GREEN,
    CANARY_TRAFFIC,
    FEATURE_FLAG
}
