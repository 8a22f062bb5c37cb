package dev.stagelight.rollout.impact;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** One historical scan: which tenant scanned which image when, and what it found. */
public record Scan(String tenant, String image, Instant time, List<Finding> findings) {
    public Scan {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(time, "time");
        findings = List.copyOf(findings);
    }
}
