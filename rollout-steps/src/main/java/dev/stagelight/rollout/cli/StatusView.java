package dev.stagelight.rollout.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.rollout.state.Denial;
import dev.stagelight.rollout.state.RolloutMachine;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.StageState;
import dev.stagelight.rollout.state.StageStatus;
import dev.stagelight.rollout.store.Assignments;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A rollout's status as the flow's {@code RolloutStatus} JSON, or as a short table for people. */
public final class StatusView {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusView() {}

    public static String json(RolloutState s, Assignments a) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("rollout_id", s.rolloutId());
        root.put("status", s.status().wire());
        root.put("current_stage", s.stage() == null ? null : s.stage().name());
        root.put("awaiting_approval", s.awaitingApproval() && !s.status().terminal());
        if (s.pauseReason() != null) {
            root.put("pause_reason", s.pauseReason());
        }
        ArrayNode stages = root.putArray("stages");
        Map<String, Instant> activatedAt = new HashMap<>();
        for (StageState st : s.stages()) {
            ObjectNode n = stages.addObject().put("name", st.name()).put("status", st.status().wire());
            put(n, "started_at", st.startedAt());
            put(n, "completed_at", st.completedAt());
            if (st.status() == StageStatus.MONITORING) {
                put(n, "monitor_until", st.monitorUntil());
                put(n, "deadline", RolloutMachine.deadline(st)); // paused as "stage timeout" if undecided by then
            }
            Map<String, Object> metrics = RolloutMachine.metrics(st.lastKnownGood());
            if (metrics != null) {
                n.set("metrics", JSON.valueToTree(metrics));
            }
            if (!st.skipped().isEmpty()) {
                st.skipped().forEach(n.putArray("skipped_tenants")::add);
            }
            st.activated().forEach(t -> activatedAt.put(t, st.startedAt()));
        }
        if (!s.skippedTenants().isEmpty()) {
            // Skipped as unreachable and not switched since: retried by the next stage, or never once the last has run.
            s.skippedTenants().forEach(root.putArray("tenants_skipped")::add);
        }
        ArrayNode tenants = root.putArray("tenant_status");
        for (String t : s.baseline().keySet()) {
            ObjectNode n = tenants.addObject().put("tenant_id", t).put("policy_version", a.version(t, s.policySet()));
            Instant at = activatedAt.get(t);
            if (at != null && s.toVersion().equals(a.version(t, s.policySet()))) {
                n.put("activated_at", at.toString());
            }
        }
        if (!s.denied().isEmpty()) {
            ArrayNode denied = root.putArray("denied");
            for (Denial d : s.denied()) {
                denied.addObject().put("tenant", d.tenant()).put("code", d.code().name()).put("reason", d.reason());
            }
        }
        if (s.rollbackReport() != null) {
            ObjectNode rb = root.putObject("rollback");
            rb.put("triggered_at", s.rollbackReport().triggeredAt().toString());
            rb.put("trigger_reason", s.rollbackReport().reason());
            rb.put("rollback_stage", s.rollbackReport().rollbackStage()); // null: cancelled before any stage started
            rb.put("tenants_rolled_back", s.rollbackReport().tenantsRolledBack().size());
            s.rollbackReport().unrestored().forEach(rb.putArray("unrestored_tenants")::add);
            rb.put("action", "reverted to " + s.fromVersion());
        }
        return JSON.writeValueAsString(root) + "\n";
    }

    public static String text(RolloutState s, Assignments a) {
        StringBuilder sb = new StringBuilder();
        sb.append(s.rolloutId()).append(": ").append(s.policySet()).append(' ').append(s.fromVersion()).append(" -> ")
                .append(s.toVersion()).append('\n');
        sb.append(String.format(Locale.ROOT, "  %-18s %-11s %7s  %-20s  %-20s%n", "stage", "status", "tenants",
                "started", "monitor until"));
        for (StageState st : s.stages()) {
            sb.append(String.format(Locale.ROOT, "  %-18s %-11s %7d  %-20s  %-20s%n", st.name(), st.status().wire(),
                    st.spec().cohort().size(), st.startedAt() == null ? "-" : st.startedAt(),
                    st.monitorUntil() == null ? "-" : st.monitorUntil()));
        }
        sb.append("  tenants by version: ").append(a.countByVersion(s.baseline().keySet(), s.policySet())).append('\n');
        if (!s.skippedTenants().isEmpty()) {
            sb.append("  skipped as unreachable, still on ").append(s.fromVersion()).append(": ")
                    .append(String.join(", ", s.skippedTenants())).append('\n');
        }
        for (Denial d : s.denied()) {
            sb.append("  denied ").append(d.tenant()).append(' ').append(d.code().name()).append(": ").append(d.reason()).append('\n');
        }
        if (s.rollbackReport() != null) {
            sb.append("  rollback: ").append(s.rollbackReport().reason()).append(" (").append(
                    s.rollbackReport().tenantsRolledBack().size()).append(" tenants reverted to ").append(s.fromVersion())
                    .append(")\n");
        }
        sb.append("  ").append(EngineCommands.summary(s)).append('\n');
        return sb.toString();
    }

    private static void put(ObjectNode n, String key, Instant at) {
        if (at != null) {
            n.put(key, at.toString());
        }
    }
}
