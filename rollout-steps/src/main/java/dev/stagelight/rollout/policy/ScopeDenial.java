package dev.stagelight.rollout.policy;

/** A scope's refusal of a tenant: the code and a sentence saying which constraint failed. */
public record ScopeDenial(DenyCode code, String reason) {}
