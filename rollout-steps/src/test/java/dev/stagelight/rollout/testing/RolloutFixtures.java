package dev.stagelight.rollout.testing;

import dev.stagelight.rollout.plan.RollbackPolicy;
import dev.stagelight.rollout.plan.RollbackTrigger;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.plan.Selection;
import dev.stagelight.rollout.plan.SelectionMethod;
import dev.stagelight.rollout.plan.Stage;
import dev.stagelight.rollout.plan.Strategy;
import dev.stagelight.rollout.plan.SuccessCriteria;
import dev.stagelight.rollout.plan.TriggerMetric;
import dev.stagelight.rollout.tenant.Tenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Tenants and the flow's rollout-789 plan built in code, for tests that need many variations. */
public final class RolloutFixtures {
    public static final String CANARY = "platform-eng-core-services";

    private RolloutFixtures() {}

    /** {@code n} tenants (the canary first), half in eu-west-1, half in us-east-1, volumes 100..(100 + 37 * n). */
    public static List<Tenant> tenants(int n) {
        List<Tenant> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = i == 0 ? CANARY : "tenant-" + String.format("%05d", i);
            String region = i % 2 == 0 ? "eu-west-1" : "us-east-1";
            out.add(new Tenant(id, "Tenant " + i, "acme-corp", "team-" + (i % 3), "project-" + i, region,
                    Map.of("env", i % 5 == 4 ? "staging" : "prod"), List.of(), 100 + (37L * i) % 5000, Optional.empty()));
        }
        return out;
    }

    /** The flow's plan: canary (explicit, approval after), 25% by scan volume, 75% by count, all. */
    public static RolloutPlan plan789(boolean automaticRollback) {
        return plan("rollout-789", automaticRollback);
    }

    public static RolloutPlan plan(String rolloutId, boolean automaticRollback) {
        return plan(rolloutId, automaticRollback, CANARY);
    }

    /** The flow's plan shape with another id and canary tenant. */
    public static RolloutPlan plan(String rolloutId, boolean automaticRollback, String canary) {
        List<Stage> stages = List.of(
                new Stage("canary", Optional.of("Single low-risk tenant"), List.of(canary), Optional.empty(),
                        Optional.of(Duration.ofHours(24)), Optional.of(criteria(5, 0.05)), false),
                new Stage("early-adopters", Optional.of("25% of tenants (by scan volume)"), List.of(),
                        Optional.of(new Selection(SelectionMethod.PERCENTAGE, 25, Optional.of("scan_volume"))),
                        Optional.of(Duration.ofHours(48)), Optional.of(criteria(20, 0.10)), true),
                new Stage("majority", Optional.of("75% of tenants"), List.of(),
                        Optional.of(new Selection(SelectionMethod.PERCENTAGE, 75, Optional.empty())),
                        Optional.of(Duration.ofHours(24)), Optional.empty(), true),
                new Stage("full", Optional.of("100% of tenants"), List.of(),
                        Optional.of(new Selection(SelectionMethod.ALL, 100, Optional.empty())),
                        Optional.empty(), Optional.empty(), false));
        RollbackPolicy rollback = new RollbackPolicy(automaticRollback, List.of(
                new RollbackTrigger(TriggerMetric.FAILURE_RATE_INCREASE, 0.20),
                new RollbackTrigger(TriggerMetric.NEW_CRITICAL_BLOCKS, 50)));
        return new RolloutPlan(rolloutId, "production", "v1.0.0", "v2.0.0", Strategy.STAGED, Optional.empty(), stages,
                rollback, List.of());
    }

    public static SuccessCriteria criteria(long maxNewFailures, double maxRateIncrease) {
        return new SuccessCriteria(OptionalLong.of(maxNewFailures), OptionalDouble.of(maxRateIncrease));
    }
}
