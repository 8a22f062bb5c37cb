package dev.stagelight.rollout.plan;

import dev.stagelight.rollout.input.InputEnum;

/** How a stage picks its tenants when it does not list them. */
public enum SelectionMethod implements InputEnum {
    PERCENTAGE,
    ALL
}
