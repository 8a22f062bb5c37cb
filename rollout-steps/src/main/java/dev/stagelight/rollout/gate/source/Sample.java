package dev.stagelight.rollout.gate.source;

import java.time.Instant;

/** One value of a series at one time (Prometheus timestamps have millisecond precision). */
public record Sample(Instant time, double value) {
    public Sample {
        java.util.Objects.requireNonNull(time, "time");
    }
}
