package dev.stagelight.rollout.state;

/** Set {@code tenant}'s version of {@code policySet} to {@code version} (null removes the assignment). Idempotent. */
public record AssignmentChange(String tenant, String policySet, String version) {}
