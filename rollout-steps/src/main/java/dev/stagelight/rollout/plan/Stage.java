package dev.stagelight.rollout.plan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One stage of a rollout: either explicit {@code tenants} or a {@code selection}, never both. {@code duration} is the
 * monitoring period; {@code autoProceed} defaults to false (the next stage waits for approval); {@code analysis} names
 * the gates that judge it from metrics (absent: observations decide).
 */
public record Stage(
        String name,
        Optional<String> description,
        List<String> tenants,
        Optional<Selection> selection,
        Optional<Duration> duration,
        Optional<SuccessCriteria> successCriteria,
        boolean autoProceed,
        Optional<StageAnalysis> analysis) {

    public Stage {
        tenants = List.copyOf(tenants);
        analysis = analysis == null ? Optional.empty() : analysis;
    }

    /** A stage without gates. */
    public Stage(String name, Optional<String> description, List<String> tenants, Optional<Selection> selection,
                 Optional<Duration> duration, Optional<SuccessCriteria> successCriteria, boolean autoProceed) {
        this(name, description, tenants, selection, duration, successCriteria, autoProceed, Optional.empty());
    }

    public boolean hasExplicitTenants() {
        return !tenants.isEmpty();
    }
}
