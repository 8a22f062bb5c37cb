package dev.stagelight.rollout.evidence;

import dev.stagelight.rollout.remediation.Decision;
import dev.stagelight.rollout.remediation.EvidenceRecord;
import dev.stagelight.rollout.state.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A remediation action (taken, reverted, failed, or a person notified) as a rollout-evidence Statement: who (actor),
 * what (action, executor, result), why (rule, condition, the decision's sentence), on which values. The subject is
 * the decision's line in the scope's evidence log ({@code remediation/<scope>/evidence/<evaluation>.jsonl}, line
 * {@code index}), digested. Decisions not to act (not needed, cooldown, cap, undecided, pending reverts, dry runs)
 * stay in that log only: the public index holds what was done to the service, not every evaluation.
 */
public final class RemediationStatement {
    /** The decisions that did something (or tried to), and so are published. */
    public static final Set<Decision> PUBLISHED = EnumSet.of(Decision.ACTED, Decision.FAILED, Decision.REVERTED,
            Decision.REVERT_FAILED, Decision.NOTIFIED, Decision.NOTIFY_FAILED);

    private RemediationStatement() {}

    public static boolean published(EvidenceRecord r) {
        return PUBLISHED.contains(r.decision());
    }

    /** The statement for decision {@code index} (its line number in the evaluation's log chunk) of an evaluation. */
    public static byte[] of(EvidenceRecord r, int index) {
        byte[] line = r.toJsonLine().getBytes(StandardCharsets.UTF_8);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tenant", r.rolloutId() != null ? r.rolloutId() : r.scope());
        p.put("region", EvidenceStatement.REGION);
        if (r.rolloutId() != null) {
            p.put("rollout_id", r.rolloutId());
        }
        p.put("decision", "remediation." + r.decision().wire());
        p.put("level", r.decision().failure() ? "error" : r.decision() == Decision.ACTED ? "warning" : "info");
        p.put("decided_at", r.ts().toString());
        p.put("explanation", explain(r));
        p.put("action", r.action());
        if (r.rule() != null) {
            p.put("rule", r.rule());
            p.put("condition", r.condition());
        }
        p.put("actor", r.actor());
        if (r.executor() != null) {
            p.put("executor", r.executor());
        }
        if (r.result() != null) {
            p.put("result", r.result());
        }
        p.put("attempts", r.attempts());
        p.put("scope", r.scope());
        p.put("evaluation", r.evaluation());
        p.put("producer", "stagelight-remediation");
        Map<String, Object> values = new LinkedHashMap<>();
        r.values().forEach((k, v) -> values.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
        p.put("values", values);
        return EvidenceStatement.statement("remediation/" + r.scope() + "/evidence/" + String.format("%010d",
                r.evaluation()) + ".jsonl#" + index, line, p);
    }

    /** "pause_rollout acted (rule fast-burn: burn_rate_1h > 14.4 ...; burn_rate_1h=16.7 ...): engine: ..." */
    static String explain(EvidenceRecord r) {
        StringBuilder sb = new StringBuilder(r.action()).append(' ').append(r.decision().wire().replace('_', ' '));
        if (r.rule() != null) {
            sb.append(" (rule ").append(r.rule()).append(": ").append(r.condition()).append(')');
        }
        sb.append(": ").append(r.why());
        if (!r.values().isEmpty()) {
            sb.append("; ");
            String sep = "";
            for (Map.Entry<String, Object> v : r.values().entrySet()) {
                sb.append(sep).append(v.getKey()).append('=').append(v.getValue() instanceof Double d
                        ? (Double.isFinite(d) ? Numbers.plain(round(d)) : "missing") : String.valueOf(v.getValue()));
                sep = " ";
            }
        }
        if (r.result() != null) {
            sb.append("; ").append(r.executor()).append(": ").append(r.result());
        }
        return sb.toString();
    }

    private static double round(double d) {
        return new java.math.BigDecimal(d).round(new java.math.MathContext(4)).doubleValue();
    }
}
