package dev.stagelight.rollout.impact;

import java.util.Objects;

/**
 * One finding of a scan. Missing numbers are NaN (they match no comparison), missing strings empty.
 * {@code severity} and {@code reachability} are canonical constants (see {@link FindingCodes}).
 */
public record Finding(
        String id,
        String severity,
        double cvss,
        double epss,
        boolean kev,
        String reachability,
        boolean fixAvailable,
        String pkg,
        String vexStatus,
        double ageDays) {
    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(reachability, "reachability");
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(vexStatus, "vexStatus");
    }
}
