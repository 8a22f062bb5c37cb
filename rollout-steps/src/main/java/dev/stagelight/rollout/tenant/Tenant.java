package dev.stagelight.rollout.tenant;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One tenant of the platform: a project in the org → team → project hierarchy, with the facts a rollout needs
 * (region for residency, labels for bundle scopes, data classes, scan volume for weighted selection).
 */
public record Tenant(
        String id,
        String name,
        String org,
        String team,
        String project,
        String region,
        Map<String, String> labels,
        List<String> dataClasses,
        long scanVolume,
        Optional<String> owner) {

    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(region, "region");
        labels = Map.copyOf(labels);
        dataClasses = List.copyOf(dataClasses);
        Objects.requireNonNull(owner, "owner");
        if (scanVolume < 0) {
            throw new IllegalArgumentException("scanVolume < 0");
        }
    }
}
