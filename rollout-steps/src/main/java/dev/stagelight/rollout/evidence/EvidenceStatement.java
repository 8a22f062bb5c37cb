package dev.stagelight.rollout.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.rollout.events.RolloutEvent;
import dev.stagelight.rollout.state.Numbers;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.Step;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rollout decision (a transition's event: stage started or completed, gate verdict, pause, rollback, remediation
 * action) as an unsigned in-toto Statement v1 with predicate type {@link #PREDICATE_TYPE}. The subject is the event
 * as the store recorded it ({@code rollouts/<id>/events/<seq>.jsonl}, line {@code index}), digested, so the public
 * entry points at exactly one stored decision. The predicate's top-level scalars are what the site shows under
 * "Rollout decision"; {@code explanation} says why in words, {@code details} keeps every field of the event.
 *
 * <p>The index entry's {@code tenant} is the rollout id (a rollout spans many tenants; the site's per-tenant listing
 * of the rollout id is then its audit trail) and its {@code region} is {@link #REGION}.
 */
public final class EvidenceStatement {
    public static final String PREDICATE_TYPE = "https://stagelight.dev/rollout-evidence/v1";
    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    public static final String REGION = "global";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvidenceStatement() {}

    /** The statement for event {@code index} of {@code step}, as JSON bytes (the publisher canonicalizes and signs). */
    public static byte[] of(Step step, RolloutEvent event, int index) {
        RolloutState s = step.state();
        byte[] line = event.toJsonLine().getBytes(StandardCharsets.UTF_8);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tenant", s.rolloutId());
        p.put("region", REGION);
        p.put("rollout_id", s.rolloutId());
        p.put("decision", event.event());
        p.put("level", event.level());
        p.put("decided_at", event.ts().toString());
        p.put("explanation", explain(event, s));
        p.put("action", step.action());
        if (step.stage() != null) {
            p.put("stage", step.stage());
        }
        p.put("actor", step.actor());
        p.put("status", s.status().wire());
        p.put("seq", s.seq());
        p.put("policy_set", s.policySet());
        p.put("from_version", s.fromVersion());
        p.put("to_version", s.toVersion());
        p.put("strategy", s.strategy() == null ? "staged" : s.strategy().strategy());
        p.put("producer", "stagelight-rollout");
        p.put("details", event.fields());
        return statement("rollouts/" + s.rolloutId() + "/events/" + String.format("%010d", s.seq()) + ".jsonl#" + index,
                line, p);
    }

    /**
     * A rollout-evidence Statement about {@code subjectBytes} (digested; {@code subjectName} says where they are kept)
     * with {@code predicate} as given: the one form transitions, gate verdicts and remediation actions share.
     */
    static byte[] statement(String subjectName, byte[] subjectBytes, Map<String, Object> predicate) {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("name", subjectName);
        subject.put("digest", Map.of("sha256", sha256(subjectBytes)));
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("_type", STATEMENT_TYPE);
        st.put("subject", List.of(subject));
        st.put("predicateType", PREDICATE_TYPE);
        st.put("predicate", predicate);
        try {
            return JSON.writeValueAsBytes(st);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("rollout evidence is not serialisable: " + e.getMessage(), e);
        }
    }

    /** Why, in words: the verdict's own explanation or reason when the event carries one, else a summary per event. */
    static String explain(RolloutEvent e, RolloutState s) {
        Map<String, Object> f = e.fields();
        for (String k : List.of("explanation", "reason")) {
            if (f.get(k) instanceof String text && !text.isBlank()) {
                String prefix = switch (e.event()) {
                    case "rollout.rollback" -> "rolled back " + count(f.get("tenants")) + " to " + s.fromVersion() + ": ";
                    case "rollout.paused" -> "paused: ";
                    default -> "";
                };
                return prefix + text;
            }
        }
        return switch (e.event()) {
            case "rollout.created" -> "created " + s.policySet() + " " + s.fromVersion() + " -> " + s.toVersion() + " for "
                    + s.baseline().size() + " tenants in " + s.stages().size() + " stages";
            case "rollout.approved" -> "approved by " + f.get("approved_by") + " for stage " + f.get("stage")
                    + (f.get("approval_notes") == null ? "" : ": " + f.get("approval_notes"));
            case "rollout.stage.started" -> "stage " + f.get("stage") + " switched " + count(f.get("tenants")) + " to "
                    + s.toVersion() + (f.get("traffic_percentage") instanceof Number n
                            ? " (traffic " + Numbers.plain(n.doubleValue()) + "%)" : "");
            case "rollout.stage.completed" -> f.get("metrics") instanceof Map<?, ?> m && m.get("gate") instanceof String g
                    ? "stage " + f.get("stage") + " met its success criteria: gates " + g
                    : "stage " + f.get("stage") + " met its success criteria on " + f.get("metrics");
            case "rollout.resumed" -> "resumed stage " + f.get("stage") + " by " + f.get("by")
                    + (f.get("paused_for") == null ? "" : " (paused for: " + f.get("paused_for") + ")")
                    + (f.get("monitor_until") == null ? "" : "; monitoring until " + f.get("monitor_until"));
            case "rollout.completed" -> "completed: every stage met its criteria";
            default -> e.event() + " " + f;
        };
    }

    private static String count(Object tenants) {
        int n = tenants instanceof java.util.Collection<?> c ? c.size() : 0;
        return n + (n == 1 ? " tenant" : " tenants");
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
