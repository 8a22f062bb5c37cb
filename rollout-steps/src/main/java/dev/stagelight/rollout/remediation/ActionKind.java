package dev.stagelight.rollout.remediation;

import dev.stagelight.rollout.input.InputEnum;

/**
 * The remediation actions of sprint 27 (KR6.1), each with the revert that undoes it once the service has been green
 * for the green period. Spelled in rules files and evidence as {@code pause_rollout}, its revert as
 * {@code resume_rollout}.
 */
public enum ActionKind implements InputEnum {
    PAUSE_ROLLOUT("resume_rollout"),
    WIDEN_CANARY("narrow_canary"),
    SCALE_OUT("scale_in"),
    ENABLE_EDGE_CACHE("disable_edge_cache"),
    READ_ONLY_MODE("read_write_mode");

    private final String revert;

    ActionKind(String revert) {
        this.revert = revert;
    }

    /** The name of the revert ({@code resume_rollout} for {@code pause_rollout}). */
    public String revertSpelling() {
        return revert;
    }

    /** True for the actions the engine itself can carry out (on the rollout named in the rules). */
    public boolean engineAction() {
        return this == PAUSE_ROLLOUT || this == WIDEN_CANARY;
    }
}
