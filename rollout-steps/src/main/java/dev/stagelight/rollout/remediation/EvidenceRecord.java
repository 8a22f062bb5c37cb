package dev.stagelight.rollout.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the append-only evidence log: who decided what, why, on which values, and what came of it. Written for
 * every decision, including the decisions not to act, so the log tells the whole story of an incident.
 *
 * @param ts         the evaluation time (the time the values are read at)
 * @param scope      the rules file's name (the log it belongs to)
 * @param evaluation the evaluation's number in that log (1, 2, ...)
 * @param actor      who ran the evaluation ({@code --actor}, default {@code stagelight-remediation})
 * @param rolloutId  the rollout the rules watch, or null
 * @param rule       the rule decided on, or null for a notification
 * @param condition  the rule's condition as written, or null
 * @param action     {@code pause_rollout}, ... (its revert is {@code resume_rollout}, ...), or {@code notify}
 * @param decision   what was decided
 * @param why        one sentence
 * @param values     the inputs the rule read, as read (a missing number is null)
 * @param executor   how the action was carried out, or null when nothing ran
 * @param result     the executor's answer, or null when nothing ran
 * @param attempts   executor attempts (0 when nothing ran)
 * @param dryRun     whether the evaluation was a dry run
 */
public record EvidenceRecord(Instant ts, String scope, long evaluation, String actor, String rolloutId, String rule,
                             String condition, String action, Decision decision, String why, Map<String, Object> values,
                             String executor, String result, int attempts, boolean dryRun) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public EvidenceRecord {
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(decision, "decision");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The log line: one JSON object, fields in the order of the record. */
    public String toJsonLine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", ts.toString());
        m.put("scope", scope);
        m.put("evaluation", evaluation);
        m.put("actor", actor);
        m.put("rollout_id", rolloutId);
        m.put("rule", rule);
        m.put("condition", condition);
        m.put("action", action);
        m.put("decision", decision.wire());
        m.put("why", why);
        Map<String, Object> v = new LinkedHashMap<>();
        values.forEach((k, x) -> v.put(k, x instanceof Double d && !Double.isFinite(d) ? null : x));
        m.put("values", v);
        m.put("executor", executor);
        m.put("result", result);
        m.put("attempts", attempts);
        m.put("dry_run", dryRun);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a log line back (the inverse of {@link #toJsonLine}); {@code where} names the log in errors. */
    public static EvidenceRecord parse(String line, String where) {
        try {
            JsonNode n = JSON.readTree(line);
            Map<String, Object> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("values").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode x = e.getValue();
                values.put(e.getKey(), x.isNull() ? null : x.isNumber() ? (Object) x.asDouble() : x.asText());
            }
            return new EvidenceRecord(Instant.parse(n.path("ts").asText()), n.path("scope").asText(),
                    n.path("evaluation").asLong(), text(n, "actor"), text(n, "rollout_id"), text(n, "rule"),
                    text(n, "condition"), n.path("action").asText(),
                    Decision.valueOf(n.path("decision").asText().toUpperCase(java.util.Locale.ROOT)), text(n, "why"),
                    values, text(n, "executor"), text(n, "result"), n.path("attempts").asInt(),
                    n.path("dry_run").asBoolean());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException(where + ": not an evidence record: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode x = n.path(field);
        return x.isNull() || x.isMissingNode() ? null : x.asText();
    }
}
