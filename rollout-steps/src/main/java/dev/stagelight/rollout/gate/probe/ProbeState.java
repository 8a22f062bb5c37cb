package dev.stagelight.rollout.gate.probe;

import java.util.Objects;

/**
 * The running record of one probe across checks, immutable so the engine can store it with the stage and resume:
 * each {@link #record} returns the next state. The probe is {@link Status#FAILED} once its consecutive failures
 * exceed the limit, and stays failed (a stage that lost its health for that long is rolled back even if it comes
 * back); a passing check resets the run of failures otherwise. No check yet is {@link Status#UNKNOWN}, never healthy.
 */
public record ProbeState(HttpProbe probe, int checks, int failures, int consecutiveFailures, boolean failed,
                         ProbeCheck last) {
    public enum Status { UNKNOWN, HEALTHY, FAILING, FAILED }

    public ProbeState {
        Objects.requireNonNull(probe, "probe");
    }

    public static ProbeState initial(HttpProbe probe) {
        return new ProbeState(probe, 0, 0, 0, false, null);
    }

    public ProbeState record(ProbeCheck c) {
        if (!c.probe().equals(probe.name())) {
            throw new IllegalArgumentException("check of " + c.probe() + " recorded for probe " + probe.name());
        }
        int run = c.passed() ? 0 : consecutiveFailures + 1;
        return new ProbeState(probe, checks + 1, failures + (c.passed() ? 0 : 1), run,
                failed || run > probe.failureLimit(), c);
    }

    public Status status() {
        if (failed) {
            return Status.FAILED;
        }
        if (last == null) {
            return Status.UNKNOWN;
        }
        return consecutiveFailures > 0 ? Status.FAILING : Status.HEALTHY;
    }

    /**
     * One line: {@code api: FAILED, 4 consecutive failures > limit 3 (last: HTTP 500, expected 200), 2 of 6 ok}; a
     * probe that failed earlier and recovered says when.
     */
    public String describe() {
        if (last == null) {
            return probe.name() + ": UNKNOWN, not checked yet";
        }
        String run = consecutiveFailures + " consecutive failure" + (consecutiveFailures == 1 ? "" : "s");
        String rule = consecutiveFailures > probe.failureLimit() ? run + " > limit " + probe.failureLimit()
                : run + " (limit " + probe.failureLimit() + ")" + (failed ? ", failed earlier" : "");
        return probe.name() + ": " + status() + ", " + rule + " (last: " + last.reason() + "), " + (checks - failures)
                + " of " + checks + " ok";
    }
}
