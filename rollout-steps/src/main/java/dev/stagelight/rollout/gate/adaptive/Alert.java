package dev.stagelight.rollout.gate.adaptive;

import java.time.Instant;

/** One alert of a backtest: when it fired, and the incident it caught (null: a false positive). */
public record Alert(Instant firedAt, String incident) {
    public boolean truePositive() {
        return incident != null;
    }
}
