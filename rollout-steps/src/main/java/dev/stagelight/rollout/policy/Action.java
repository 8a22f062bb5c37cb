package dev.stagelight.rollout.policy;

import dev.stagelight.rollout.input.InputEnum;

/**
 * What a matching rule does to a finding. A matching {@code PASS} rule is an exception: the finding can no longer fail
 * or warn, whatever other rules match. Otherwise any matching {@code FAIL} fails the finding, any {@code WARN} warns.
 */
public enum Action implements InputEnum {
    FAIL,
    WARN,
    PASS;

    @Override
    public String spelling() {
        return name();
    }
}
