package dev.stagelight.rollout.policy;

import dev.stagelight.rollout.expr.Schema;

/**
 * The identifiers a policy condition may use: one finding of a scan and the scan's context. Every policy set is
 * type-checked against this schema when it is loaded. Missing values follow {@link dev.stagelight.rollout.expr.Bindings}
 * (a finding without a CVSS score never matches {@code cvss >= 7}).
 */
public final class FindingFields {
    public static final Schema SCHEMA = Schema.builder()
            .string("id")            // CVE or advisory id
            .string("severity")      // critical | high | medium | low | none
            .number("cvss")          // CVSS base score 0..10
            .number("epss")          // exploit prediction 0..1
            .bool("kev")             // listed in the known-exploited catalogue
            .string("reachability")  // SR static reachable, RO runtime observed, CR conditionally reachable, UR unreachable, UK unknown
            .bool("fix_available")
            .string("package")
            .string("vex_status")    // affected | not_affected | under_investigation | fixed | "" (no statement)
            .number("age_days")      // days since the finding was first seen
            .string("image")
            .string("tenant")
            .string("team")
            .build();

    public static final Schema.Slot ID = SCHEMA.require("id");
    public static final Schema.Slot SEVERITY = SCHEMA.require("severity");
    public static final Schema.Slot CVSS = SCHEMA.require("cvss");
    public static final Schema.Slot EPSS = SCHEMA.require("epss");
    public static final Schema.Slot KEV = SCHEMA.require("kev");
    public static final Schema.Slot REACHABILITY = SCHEMA.require("reachability");
    public static final Schema.Slot FIX_AVAILABLE = SCHEMA.require("fix_available");
    public static final Schema.Slot PACKAGE = SCHEMA.require("package");
    public static final Schema.Slot VEX_STATUS = SCHEMA.require("vex_status");
    public static final Schema.Slot AGE_DAYS = SCHEMA.require("age_days");
    public static final Schema.Slot IMAGE = SCHEMA.require("image");
    public static final Schema.Slot TENANT = SCHEMA.require("tenant");
    public static final Schema.Slot TEAM = SCHEMA.require("team");

    private FindingFields() {}
}
