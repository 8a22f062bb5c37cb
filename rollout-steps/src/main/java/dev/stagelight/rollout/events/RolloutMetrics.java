package dev.stagelight.rollout.events;

import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.state.StageState;
import dev.stagelight.rollout.state.StageStatus;
import dev.stagelight.verifier.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.stagelight.rollout.strategy.FlagResolution;
import dev.stagelight.rollout.strategy.TrafficSteps;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The flow's metrics from what the store holds, as Prometheus text: {@code policy_rollout_status} (gauge per rollout
 * and stage), {@code policy_rollout_tenant_count} (gauge per rollout and version), {@code policy_rollout_failures_total}
 * (counter per rollout and stage: new failures observed, never decreasing) and {@code policy_version_active} (1 per
 * tenant, policy set and the version it runs), names and labels exactly the flow's. The flow has no rollout-level
 * status, so a paused, rolled back or failed rollout could not be alerted on; ours adds {@link #STATE}
 * ({@code rollout_id}, {@code status}): one series per status, 1 for the current one. Written for node_exporter's
 * textfile collector, or printed.
 */
public final class RolloutMetrics {
    /** Our own gauge: the rollout's status as a state set. */
    public static final String STATE = "stagelight_rollout_state";
    /** canary_traffic: the published traffic share. */
    public static final String TRAFFIC = "stagelight_rollout_traffic_percent";
    /** feature_flag: the effective flag per tenant. */
    public static final String FLAG = "stagelight_feature_flag";

    private RolloutMetrics() {}

    /** Stage status as a gauge value; the HELP line states the mapping. */
    public static int code(StageStatus s) {
        return s.ordinal();
    }

    /**
     * @param assignments tenant -> policy set -> version (the store's {@code assignments.yaml})
     */
    public static String render(Collection<RolloutState> rollouts, SortedMap<String, SortedMap<String, String>> assignments) {
        PrometheusText p = new PrometheusText()
                .family("policy_rollout_status", "gauge",
                        "Stage status of a policy rollout: 0 pending, 1 active, 2 monitoring, 3 completed, 4 failed.")
                .family("policy_rollout_tenant_count", "gauge",
                        "Tenants of a policy rollout running each version of its policy set.")
                .family("policy_rollout_failures_total", "counter",
                        "New policy failures observed during a rollout stage.")
                .family("policy_version_active", "gauge",
                        "1 for the policy set version a tenant runs.")
                .family(STATE, "gauge", "1 for a rollout's current status, 0 for the others (pending, in_progress,"
                        + " paused, completed, rolled_back, failed); alert on " + STATE
                        + "{status=~\"paused|failed\"} == 1.");
        for (RolloutState r : rollouts) {
            for (StageState s : r.stages()) {
                p.sample("policy_rollout_status", code(s.status()), "rollout_id", r.rolloutId(), "stage", s.name());
            }
        }
        for (RolloutState r : rollouts) {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            counts.put(r.fromVersion(), 0);
            counts.put(r.toVersion(), 0);
            for (String tenant : r.baseline().keySet()) {
                SortedMap<String, String> sets = assignments.get(tenant);
                String v = sets == null ? null : sets.get(r.policySet());
                if (v != null) {
                    counts.merge(v, 1, Integer::sum);
                }
            }
            counts.forEach((v, n) -> p.sample("policy_rollout_tenant_count", n, "rollout_id", r.rolloutId(), "version", v));
        }
        for (RolloutState r : rollouts) {
            for (StageState s : r.stages()) {
                p.sample("policy_rollout_failures_total", s.failuresCounted(), "rollout_id", r.rolloutId(), "stage", s.name());
            }
        }
        assignments.forEach((tenant, sets) -> sets.forEach((set, version) ->
                p.sample("policy_version_active", 1, "tenant", tenant, "policy_set", set, "version", version)));
        for (RolloutState r : rollouts) {
            for (RolloutStatus status : RolloutStatus.values()) {
                p.sample(STATE, status == r.status() ? 1 : 0, "rollout_id", r.rolloutId(), "status", status.wire());
            }
        }
        strategyMetrics(p, rollouts, assignments);
        return p.render();
    }

    /** Traffic share of canary_traffic rollouts and the effective flag of feature_flag ones, only when there are any. */
    private static void strategyMetrics(PrometheusText p, Collection<RolloutState> rollouts,
                                        SortedMap<String, SortedMap<String, String>> assignments) {
        List<RolloutState> traffic = rollouts.stream().filter(r -> TrafficSteps.current(r) != null).toList();
        if (!traffic.isEmpty()) {
            p.family(TRAFFIC, "gauge", "Share of traffic (percent) a canary_traffic rollout serves the new version;"
                    + " tenants whose hash bucket lies below it run it.");
            traffic.forEach(r -> p.sample(TRAFFIC, TrafficSteps.current(r), "rollout_id", r.rolloutId()));
        }
        List<RolloutState> flags = rollouts.stream().filter(r -> r.strategy() != null && r.strategy().usesFlag()).toList();
        if (!flags.isEmpty()) {
            p.family(FLAG, "gauge", "1 when a feature_flag rollout's flag is effectively on for a tenant (override,"
                    + " then its stage, then the default; on means the tenant runs the new version).");
            for (RolloutState r : flags) {
                java.util.SortedSet<String> tenants = new java.util.TreeSet<>(r.baseline().keySet());
                tenants.addAll(r.strategy().flagOverrides().keySet());
                r.denied().forEach(d -> tenants.add(d.tenant()));
                for (String t : tenants) {
                    p.sample(FLAG, FlagResolution.current(r, t).on() ? 1 : 0, "rollout_id", r.rolloutId(),
                            "flag", r.strategy().flagName(), "tenant", t);
                }
            }
        }
    }

    /** Writes the exposition atomically (node_exporter reads only complete {@code *.prom} files). */
    public static void writeTextfile(Path file, String exposition) throws IOException {
        AtomicFiles.replace(file, exposition.getBytes(StandardCharsets.UTF_8));
    }
}
