package dev.stagelight.rollout.state;

import java.time.Instant;
import java.util.List;

/**
 * What a rollback did, in the flow's terms. {@code unrestored} lists tenants that could not be reverted (the rollback
 * failed for them): they still run the new version and need manual intervention; nothing half-applied goes unreported.
 */
public record RollbackReport(Instant triggeredAt, String reason, String rollbackStage, String actor,
                             List<String> tenantsRolledBack, List<String> unrestored) {
    public RollbackReport {
        tenantsRolledBack = List.copyOf(tenantsRolledBack);
        unrestored = List.copyOf(unrestored);
    }
}
