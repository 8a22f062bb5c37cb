package dev.stagelight.rollout.gate.set;

import java.util.List;

/**
 * Per-cohort gates (sprint KR4.3): the stage's tenants grouped by the value of tenant label {@code label}, the gate
 * set evaluated for each group on its own ({@code {{tenants}}} = that group's tenants). The verdict is the worst of
 * the {@code decisive} cohorts (every cohort when the list is empty); the others are reported, not counted.
 * Tenants without the label form the cohort {@link #UNLABELLED}.
 */
public record CohortSpec(String label, List<String> decisive) {
    public static final String UNLABELLED = "(none)";

    public CohortSpec {
        decisive = List.copyOf(decisive);
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("cohorts need a tenant label to group by");
        }
    }

    public boolean isDecisive(String cohort) {
        return decisive.isEmpty() || decisive.contains(cohort);
    }
}
