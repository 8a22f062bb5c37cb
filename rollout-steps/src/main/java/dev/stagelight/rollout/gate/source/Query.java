package dev.stagelight.rollout.gate.source;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One query to a source: an instant query at {@code time}, or a range query over {@code start..time} every
 * {@code step}. The time is always explicit (the engine's clock), never the wall clock.
 */
public record Query(String text, Instant start, Instant time, Duration step) {
    public Query {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(step, "step");
        if (text.isBlank()) {
            throw new IllegalArgumentException("query is empty");
        }
        if (step.isNegative() || (step.isZero() && !start.equals(time))) {
            throw new IllegalArgumentException("an instant query has start = time and step 0");
        }
        if (!step.isZero() && start.isAfter(time)) {
            throw new IllegalArgumentException("range start " + start + " is after its end " + time);
        }
    }

    public static Query instant(String text, Instant time) {
        return new Query(text, time, time, Duration.ZERO);
    }

    public static Query range(String text, Instant start, Instant end, Duration step) {
        if (step.isZero()) {
            throw new IllegalArgumentException("a range query needs a positive step");
        }
        return new Query(text, start, end, step);
    }

    public boolean isRange() {
        return !step.isZero();
    }
}
