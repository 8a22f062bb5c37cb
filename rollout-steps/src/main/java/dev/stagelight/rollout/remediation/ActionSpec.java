package dev.stagelight.rollout.remediation;

import java.time.Duration;
import java.util.Objects;

/**
 * One action's configuration.
 *
 * @param cooldown how long after the action was applied it may not be applied again
 * @param widenBy  for {@code widen_canary}: how much longer the canary stage monitors (null for other actions)
 */
public record ActionSpec(ActionKind kind, Duration cooldown, ExecutorSpec executor, Duration widenBy) {
    public ActionSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(executor, "executor");
    }
}
