package dev.stagelight.rollout.gate.probe;

import java.time.Instant;

/**
 * One check of a probe at the engine's time: passed or not, the status seen (0 when there was no response) and why.
 */
public record ProbeCheck(String probe, Instant time, boolean passed, int status, String reason) {
    public String describe() {
        return probe + " at " + time + ": " + (passed ? "ok" : "failed") + ", " + reason;
    }
}
