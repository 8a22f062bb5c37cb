package dev.stagelight.rollout.gate.source;

import java.time.Duration;

/** Waits between retries; injected so tests record the back-off instead of waiting for it. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
}
