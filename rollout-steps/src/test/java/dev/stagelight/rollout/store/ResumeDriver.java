package dev.stagelight.rollout.store;

import dev.stagelight.rollout.cohort.CohortPlanner;
import dev.stagelight.rollout.engine.RolloutEngine;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.policy.BundleScope;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.state.StageStatus;
import dev.stagelight.rollout.tenant.Tenant;
import dev.stagelight.rollout.testing.RolloutFixtures;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Runs a whole rollout against a store, resuming from whatever the store holds: the process the resume test kills.
 * Everything it does is a function of the stored state (time jumps to the end of the monitoring window; the
 * "rollback" scenario reports a breach while the third stage monitors), so a resumed run must reach exactly the
 * result of an uninterrupted one.
 *
 * <p>Usage: {@code ResumeDriver dir|git <store path> ok|rollback [rollout-id]}; exit 0 done, 3 refused by a lease.
 * Prints {@code call <n>} after every engine call, so a test can time an external kill against the rollout's progress.
 */
public final class ResumeDriver {
    static final Instant T0 = Instant.parse("2024-12-29T11:00:00Z");
    static final List<Tenant> TENANTS = RolloutFixtures.tenants(12);

    public static void main(String[] args) throws Exception {
        try (RolloutStore store = open(args[0], Path.of(args[1]))) {
            if (args.length > 3) {
                try {
                    create(store, RolloutFixtures.plan(args[3], true));
                } catch (ConflictException e) {
                    System.err.println(e.getMessage());
                    System.exit(3);
                }
                return;
            }
            run(store, args[2], call -> {
                System.out.println("call " + call);
                System.out.flush();
            });
        }
    }

    static RolloutStore open(String kind, Path path) throws StoreException {
        return kind.equals("git") ? GitStore.open(path) : DirectoryStore.open(path);
    }

    static void create(RolloutStore store, RolloutPlan plan) throws Exception {
        new RolloutEngine(store, e -> { }).create(plan, CohortPlanner.plan(plan, TENANTS, BundleScope.ANY), T0, "driver");
    }

    static void run(RolloutStore store, String scenario) throws Exception {
        run(store, scenario, call -> { });
    }

    /** Runs to the end; {@code afterCall} hears the number of each engine call once the call returned. */
    static void run(RolloutStore store, String scenario, IntConsumer afterCall) throws Exception {
        RolloutEngine engine = new RolloutEngine(store, e -> { });
        for (int call = 1; once(store, engine, scenario); call++) {
            afterCall.accept(call);
        }
    }

    /** One engine call chosen from the stored state alone; false when the rollout has ended. */
    private static boolean once(RolloutStore store, RolloutEngine engine, String scenario) throws Exception {
        String id = "rollout-789";
        Optional<RolloutState> loaded = store.load(id);
        if (loaded.isEmpty()) {
            create(store, RolloutFixtures.plan789(true));
            return true;
        }
        RolloutState s = loaded.get();
        if (s.status().terminal()) {
            return false;
        }
        if (s.awaitingApproval() || s.status() == RolloutStatus.PAUSED) {
            engine.approve(id, "driver", "go", s.updatedAt());
            return true;
        }
        boolean monitoring = s.stage() != null && s.stage().status() == StageStatus.MONITORING;
        Instant now = monitoring ? s.stage().monitorUntil() : s.updatedAt();
        boolean breach = scenario.equals("rollback") && monitoring && s.currentStage() == 2;
        StageObservations obs = breach ? StageObservations.of(900, 90, 0.1, 0.45, 60)
                : StageObservations.of(200, 2, 0.12, 0.13, 0);
        engine.advance(id, now, obs);
        return true;
    }
}
