package dev.stagelight.rollout.gate.adaptive;

import java.time.Instant;
import java.util.Objects;

/** A labelled incident of a metric history: the interval [start, end] (both inclusive) in which it was real. */
public record Incident(String id, Instant start, Instant end) {
    public Incident {
        Objects.requireNonNull(id, "id");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("incident " + id + " ends before it starts");
        }
    }

    public boolean contains(long epochSecond) {
        return epochSecond >= start.getEpochSecond() && epochSecond <= end.getEpochSecond();
    }
}
