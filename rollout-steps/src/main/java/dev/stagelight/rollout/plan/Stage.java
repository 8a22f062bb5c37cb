package dev.stagelight.rollout.plan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One stage of a rollout: either explicit {@code tenants} or a {@code selection}, never both. {@code duration} is the
 * monitoring period; {@code autoProceed} defaults to false (the next stage waits for approval).
 */
public record Stage(
        String name,
        Optional<String> description,
        List<String> tenants,
        Optional<Selection> selection,
        Optional<Duration> duration,
        Optional<SuccessCriteria> successCriteria,
        boolean autoProceed) {

    public Stage {
        tenants = List.copyOf(tenants);
    }

    public boolean hasExplicitTenants() {
        return !tenants.isEmpty();
    }
}
