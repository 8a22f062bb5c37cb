package dev.stagelight.rollout.engine;

import dev.stagelight.rollout.cohort.CohortPlanner;
import dev.stagelight.rollout.cohort.StagePlan;
import dev.stagelight.rollout.plan.RollbackPolicy;
import dev.stagelight.rollout.plan.RollbackTrigger;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.plan.Selection;
import dev.stagelight.rollout.plan.SelectionMethod;
import dev.stagelight.rollout.plan.Stage;
import dev.stagelight.rollout.plan.Strategy;
import dev.stagelight.rollout.plan.SuccessCriteria;
import dev.stagelight.rollout.plan.TriggerMetric;
import dev.stagelight.rollout.policy.BundleScope;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.state.StageStatus;
import dev.stagelight.rollout.state.Step;
import dev.stagelight.rollout.store.Assignments;
import dev.stagelight.rollout.store.DirectoryStore;
import dev.stagelight.rollout.store.GitStore;
import dev.stagelight.rollout.store.RolloutStore;
import dev.stagelight.rollout.store.StoreException;
import dev.stagelight.rollout.tenant.Tenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Benchmarks of the engine, printed for notes: (1) stage planning over many tenants (the flow's four stages, the
 * 25% stage weighted by scan volume); (2) one state transition (a {@link Step} applied by the store) on the git store
 * and on the directory store, over whole rollouts run back to back.
 *
 * <p>Usage: {@code RolloutBench [planning-tenants] [transitions] [rollout-tenants] [work-dir]}.
 */
public final class RolloutBench {
    private RolloutBench() {}

    public static void main(String[] args) throws Exception {
        int planningTenants = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int transitions = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rolloutTenants = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path work = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("stagelight-bench");
        planning(planningTenants);
        transitions("git", work.resolve("git-store"), transitions, rolloutTenants);
        transitions("directory", work.resolve("dir-store"), transitions, rolloutTenants);
        if (args.length <= 3) {
            deleteTree(work);
        }
    }

    static void planning(int n) {
        List<Tenant> tenants = tenants(n, new Random(42));
        RolloutPlan plan = plan("rollout-789", tenants.get(0).id(), "v1.0.0", "v2.0.0");
        double[] ms = new double[25];
        StagePlan last = null;
        for (int i = -10; i < ms.length; i++) { // 10 warm-up rounds, then measured ones
            long t = System.nanoTime();
            last = CohortPlanner.plan(plan, tenants, BundleScope.ANY);
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "stage planning: %,d tenants, %d stages (cohorts %s): median %.1f ms, min %.1f ms,"
                + " max %.1f ms over %d runs (goal < 200 ms)%n", n, last.stages().size(),
                last.stages().stream().map(s -> Integer.toString(s.tenants().size())).toList(), percentile(ms, 50), ms[0],
                ms[ms.length - 1], ms.length);
    }

    static void transitions(String kind, Path dir, int count, int tenantCount) throws Exception {
        List<Tenant> tenants = tenants(tenantCount, new Random(7));
        List<Double> ms = new ArrayList<>();
        try (RolloutStore store = kind.equals("git") ? GitStore.open(dir) : DirectoryStore.open(dir)) {
            RolloutStore timed = new TimedStore(store, ms);
            RolloutEngine engine = new RolloutEngine(timed, e -> { });
            StageObservations healthy = StageObservations.of(200, 2, 0.12, 0.13, 0);
            for (int r = 0; ms.size() < count + 20; r++) {
                // Alternate v1 -> v2 and v2 -> v1 so every rollout starts where the previous one left the tenants.
                boolean up = r % 2 == 0;
                RolloutPlan plan = plan(String.format("rollout-%04d", r), tenants.get(r % tenants.size()).id(),
                        up ? "v1.0.0" : "v2.0.0", up ? "v2.0.0" : "v1.0.0");
                Instant t = Instant.parse("2025-01-01T00:00:00Z").plus(Duration.ofDays(7L * r));
                engine.create(plan, CohortPlanner.plan(plan, tenants, BundleScope.ANY), t, "bench");
                RolloutState s = engine.approve(plan.rolloutId(), "bench", "go", t);
                while (!s.status().terminal()) {
                    if (s.awaitingApproval()) {
                        s = engine.approve(plan.rolloutId(), "bench", "go", s.updatedAt());
                        continue;
                    }
                    boolean monitoring = s.stage() != null && s.stage().status() == StageStatus.MONITORING;
                    s = engine.advance(plan.rolloutId(), monitoring ? s.stage().monitorUntil() : s.updatedAt(), healthy);
                }
            }
        }
        double[] measured = ms.subList(20, ms.size()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "state transition on the %s store (%d tenants per rollout): median %.2f ms,"
                + " p95 %.2f ms, max %.2f ms over %d transitions after 20 warm-up%s%n", kind, tenantCount,
                percentile(measured, 50), percentile(measured, 95), measured[measured.length - 1], measured.length,
                kind.equals("git") ? " (goal: median < 50 ms)" : "");
    }

    /** Times every {@link #apply}; reads pass through. */
    private record TimedStore(RolloutStore inner, List<Double> ms) implements RolloutStore {
        @Override
        public void apply(Step step) throws StoreException {
            long t = System.nanoTime();
            inner.apply(step);
            ms.add((System.nanoTime() - t) / 1e6);
        }

        @Override
        public Optional<RolloutState> load(String rolloutId) throws StoreException {
            return inner.load(rolloutId);
        }

        @Override
        public List<String> rolloutIds() throws StoreException {
            return inner.rolloutIds();
        }

        @Override
        public Assignments assignments() throws StoreException {
            return inner.assignments();
        }

        @Override
        public dev.stagelight.rollout.store.RemediationRecord remediation(String scope) throws StoreException {
            return inner.remediation(scope);
        }

        @Override
        public List<String> remediationEvidence(String scope) throws StoreException {
            return inner.remediationEvidence(scope);
        }

        @Override
        public void recordRemediation(String scope, long expectedSeq, String state, List<String> evidence,
                                      java.time.Instant at) throws StoreException {
            inner.recordRemediation(scope, expectedSeq, state, evidence, at);
        }

        @Override
        public Map<String, String> leases() throws StoreException {
            return inner.leases();
        }

        @Override
        public List<String> events(String rolloutId) throws StoreException {
            return inner.events(rolloutId);
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public void close() throws StoreException {
            inner.close();
        }
    }

    static double percentile(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Synthetic tenants with a skewed (log-normal-ish) scan volume, half EU, half US. */
    static List<Tenant> tenants(int n, Random random) {
        List<Tenant> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long volume = Math.round(Math.exp(4 + 2 * random.nextGaussian()));
            out.add(new Tenant(String.format("tenant-%06d", i), "Tenant " + i, "org-" + (i % 10), "team-" + (i % 100),
                    "project-" + i, i % 2 == 0 ? "eu-west-1" : "us-east-1", Map.of("env", "prod"), List.of(), volume,
                    Optional.empty()));
        }
        return out;
    }

    /** The flow's rollout-789 shape with the given id, canary tenant and versions. */
    static RolloutPlan plan(String id, String canary, String from, String to) {
        SuccessCriteria canaryCriteria = new SuccessCriteria(OptionalLong.of(5), OptionalDouble.of(0.05));
        SuccessCriteria earlyCriteria = new SuccessCriteria(OptionalLong.of(20), OptionalDouble.of(0.10));
        List<Stage> stages = List.of(
                new Stage("canary", Optional.empty(), List.of(canary), Optional.empty(), Optional.of(Duration.ofHours(24)),
                        Optional.of(canaryCriteria), false),
                new Stage("early-adopters", Optional.empty(), List.of(),
                        Optional.of(new Selection(SelectionMethod.PERCENTAGE, 25, Optional.of(Selection.WEIGHT_SCAN_VOLUME))),
                        Optional.of(Duration.ofHours(48)), Optional.of(earlyCriteria), true),
                new Stage("majority", Optional.empty(), List.of(),
                        Optional.of(new Selection(SelectionMethod.PERCENTAGE, 75, Optional.empty())),
                        Optional.of(Duration.ofHours(24)), Optional.empty(), true),
                new Stage("full", Optional.empty(), List.of(), Optional.of(new Selection(SelectionMethod.ALL, 100, Optional.empty())),
                        Optional.empty(), Optional.empty(), false));
        return new RolloutPlan(id, "production", from, to, Strategy.STAGED, Optional.empty(), stages,
                new RollbackPolicy(true, List.of(new RollbackTrigger(TriggerMetric.FAILURE_RATE_INCREASE, 0.20))), List.of());
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
