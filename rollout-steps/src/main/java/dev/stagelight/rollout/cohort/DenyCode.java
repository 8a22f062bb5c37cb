package dev.stagelight.rollout.cohort;

/** Why a tenant may not receive a bundle: it is not among the bundle's tenants, its region, or its labels. */
public enum DenyCode {
    TENANT_MISMATCH, RESIDENCY, LABEL
}
