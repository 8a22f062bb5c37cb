package dev.stagelight.rollout.policy;

/** Why a bundle's scope refuses a tenant. */
public enum DenyCode {
    /** The scope lists tenants and this one is not among them. */
    TENANT_MISMATCH,
    /** The tenant's region is not among the scope's regions. */
    RESIDENCY,
    /** The tenant's labels do not satisfy the scope's label selectors. */
    LABEL
}
