package dev.stagelight.rollout.policy;

import dev.stagelight.rollout.input.InputEnum;
import java.util.Optional;

/** The inheritance levels, most general first: a level's policy inherits from the level before it. */
public enum PolicyLevel implements InputEnum {
    DEFAULT,
    ORG,
    TEAM,
    PROJECT;

    /** The level this one inherits from; empty for the platform default. */
    public Optional<PolicyLevel> parent() {
        return ordinal() == 0 ? Optional.empty() : Optional.of(values()[ordinal() - 1]);
    }
}
