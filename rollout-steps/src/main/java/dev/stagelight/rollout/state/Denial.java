package dev.stagelight.rollout.state;

import dev.stagelight.rollout.policy.DenyCode;

/** A tenant skipped by planning because the target bundle's scope forbids it; reported, never silently dropped. */
public record Denial(String tenant, DenyCode code, String reason) {}
