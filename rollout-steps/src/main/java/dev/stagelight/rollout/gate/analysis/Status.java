package dev.stagelight.rollout.gate.analysis;

/**
 * The status of a measurement, a metric or a whole analysis run, from best to worst. A measurement is never
 * {@link #RUNNING}. The engine reads {@link #INCONCLUSIVE} as "pause for a person" and {@link #FAILED} and
 * {@link #ERROR} (the metrics could not be read, repeatedly) as reasons to stop; {@link #ERROR} is where the error
 * table's "metrics unavailable" begins.
 */
public enum Status {
    SUCCESSFUL,
    RUNNING,
    INCONCLUSIVE,
    ERROR,
    FAILED;

    /** True when no further measurement can change it. */
    public boolean completed() {
        return this != RUNNING;
    }

    public boolean worseThan(Status other) {
        return ordinal() > other.ordinal();
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
