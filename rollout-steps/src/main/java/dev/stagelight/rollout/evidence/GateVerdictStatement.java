package dev.stagelight.rollout.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.rollout.gate.set.GateOutcome;
import dev.stagelight.rollout.gate.set.GateStatus;
import dev.stagelight.rollout.gate.set.GateVerdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gate verdict as a rollout-evidence Statement: the status, the rule that decided it, one line per part (guard,
 * analysis metrics, judged metrics, probes) with its status and reason, and the verdict itself with every measured
 * value and test statistic ({@code verdict}: the JSON of {@code rollout gate --json} without the raw query answers,
 * which are the metric source's series, not the decision). The subject is that verdict document, digested, so anyone
 * can recompute it from the predicate.
 */
public final class GateVerdictStatement {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GateVerdictStatement() {}

    /**
     * @param tenant    the index entry's tenant: the rollout id, or the gate set's name for a stand-alone verdict
     * @param rolloutId the rollout whose stage was judged, or null
     */
    public static byte[] of(GateOutcome outcome, String tenant, String rolloutId, String stage, Instant at) {
        ObjectNode verdict = withoutQueries(outcome.toJson());
        String set = outcome.cohorts().get(0).verdict().set();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tenant", tenant);
        p.put("region", EvidenceStatement.REGION);
        if (rolloutId != null) {
            p.put("rollout_id", rolloutId);
        }
        p.put("decision", "gate.verdict");
        p.put("level", switch (outcome.status()) {
            case PASS -> "info";
            case INCONCLUSIVE, ERROR -> "warning";
            case FAILED -> "error";
        });
        p.put("decided_at", at.toString());
        p.put("explanation", explain(outcome, set, stage));
        p.put("verdict_status", outcome.status().label());
        p.put("gate_set", set);
        p.put("stage", stage);
        p.put("rule", outcome.rule());
        p.put("producer", "stagelight-gates");
        p.put("metrics", metrics(outcome));
        p.put("verdict", JSON.convertValue(verdict, Map.class));
        byte[] subject;
        try {
            subject = JSON.writeValueAsBytes(verdict);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        String name = (rolloutId == null ? "gates/" + set : "rollouts/" + rolloutId + "/gates") + "/" + stage + "@" + at;
        return EvidenceStatement.statement(name, subject, p);
    }

    /** "gate set canary-gates for stage canary: pass (every part passed); analysis ...: pass, ..." */
    static String explain(GateOutcome o, String set, String stage) {
        StringBuilder sb = new StringBuilder("gate set ").append(set).append(" for stage ").append(stage).append(": ")
                .append(o.status().label()).append(" (").append(o.rule()).append(')');
        if (o.status() != GateStatus.PASS) {
            for (GateOutcome.Cohort c : o.cohorts()) {
                for (GateVerdict.Evidence e : c.verdict().evidence()) {
                    if (e.status() != GateStatus.PASS) {
                        sb.append("; ").append(o.perCohort() ? c.name() + ": " : "").append(e.line());
                    }
                }
            }
        }
        return sb.toString();
    }

    /** One row per part and cohort: kind, name, status, reason. */
    private static List<Map<String, Object>> metrics(GateOutcome o) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (GateOutcome.Cohort c : o.cohorts()) {
            for (GateVerdict.Evidence e : c.verdict().evidence()) {
                Map<String, Object> m = new LinkedHashMap<>();
                if (o.perCohort()) {
                    m.put("cohort", c.name());
                }
                m.put("kind", e.kind());
                m.put("name", e.name());
                m.put("status", e.status().label());
                m.put("reason", e.reason());
                out.add(m);
            }
        }
        return out;
    }

    /** The verdict without its "queries" arrays (the raw series every part read). */
    static ObjectNode withoutQueries(ObjectNode verdict) {
        strip(verdict);
        return verdict;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove("queries");
            for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
                strip(it.next());
            }
        } else if (n instanceof ArrayNode a) {
            a.forEach(GateVerdictStatement::strip);
        }
    }
}
