package dev.stagelight.rollout.remediation;

import java.util.Locale;

/** What remediation decided about one action of one rule (or one active action) in one evaluation. */
public enum Decision {
    /** The rule fired and the action was carried out. */
    ACTED,
    /** Dry run: the rule fired and the action would have been carried out. */
    DRY_RUN,
    /** The rule fired, but the action was applied less than its cooldown ago. */
    SKIPPED_COOLDOWN,
    /** The rule fired, but the cap on concurrent actions is reached. */
    SKIPPED_CAP,
    /** The rule fired and the action is already in force (its green clock restarts). */
    ALREADY_ACTIVE,
    /** The rule did not fire: nothing to do. */
    NOT_NEEDED,
    /** The rule could not be decided: an input it reads is missing (no data is never green). */
    UNDECIDED,
    /** The executor failed on every attempt; reported, the action stays wanted. */
    FAILED,
    /** An active action's triggers are all green, but not yet for the whole green period. */
    REVERT_PENDING,
    /** An active action's triggers are not all decidable (inputs missing): its green clock restarts. */
    REVERT_HELD,
    /** Green for the whole green period: the action was reverted. */
    REVERTED,
    /** Dry run: the action would have been reverted. */
    DRY_RUN_REVERT,
    /** The revert failed on every attempt; reported, the action stays active and is reverted again next time. */
    REVERT_FAILED,
    /** A person was notified through the plan's notification channel. */
    NOTIFIED,
    /** A notification could not be delivered. */
    NOTIFY_FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when something went wrong that a person must look at (the command exits 1). */
    public boolean failure() {
        return this == FAILED || this == REVERT_FAILED || this == NOTIFY_FAILED;
    }
}
