package dev.stagelight.rollout.plan;

/** Roll back (or pause) when {@code metric} exceeds {@code threshold}. */
public record RollbackTrigger(TriggerMetric metric, double threshold) {}
