package dev.stagelight.rollout.policy;

import dev.stagelight.rollout.input.InputEnum;

/** A rule's severity (how bad a block by this rule is), spelled lower-case in files. */
public enum Severity implements InputEnum {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW,
    INFO
}
