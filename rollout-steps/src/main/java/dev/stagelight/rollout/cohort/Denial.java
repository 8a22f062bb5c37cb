package dev.stagelight.rollout.cohort;

/** A tenant skipped by planning because the target bundle's scope forbids it; reported, never silently dropped. */
public record Denial(String tenant, DenyCode code, String reason) {}
