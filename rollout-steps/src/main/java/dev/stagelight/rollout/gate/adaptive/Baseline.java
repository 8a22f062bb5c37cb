package dev.stagelight.rollout.gate.adaptive;

import dev.stagelight.rollout.input.InputEnum;

/** What a value is compared with: the whole window ({@code flat}) or only the window's values of the same season. */
public enum Baseline implements InputEnum {
    FLAT,
    SEASONAL
}
