package dev.stagelight.rollout.gate.set;

import dev.stagelight.rollout.gate.analysis.Status;

/**
 * A gate's verdict, best to worst: PASS lets the stage proceed, INCONCLUSIVE pauses for a person, ERROR means the
 * metrics could not be read (the error table's "metrics unavailable": last known good, bounded extension), FAILED
 * triggers the plan's rollback. A set's status is the worst of its parts.
 */
public enum GateStatus {
    PASS,
    INCONCLUSIVE,
    ERROR,
    FAILED;

    public boolean worseThan(GateStatus other) {
        return ordinal() > other.ordinal();
    }

    public static GateStatus worst(GateStatus a, GateStatus b) {
        return a.worseThan(b) ? a : b;
    }

    /** An analysis run's status; a run still RUNNING has not decided, which is not a pass. */
    public static GateStatus of(Status s) {
        return switch (s) {
            case SUCCESSFUL -> PASS;
            case RUNNING, INCONCLUSIVE -> INCONCLUSIVE;
            case ERROR -> ERROR;
            case FAILED -> FAILED;
        };
    }

    /** {@code rollout gate}'s exit code: 0 pass, 1 failed, 3 inconclusive (ERROR too: nothing was decided). */
    public int exitCode() {
        return switch (this) {
            case PASS -> 0;
            case FAILED -> 1;
            case INCONCLUSIVE, ERROR -> 3;
        };
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
