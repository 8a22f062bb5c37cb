package dev.stagelight.rollout.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * What remediation remembers between evaluations (kept in the rollout store, so a restart loses nothing): the actions
 * in force, when each action was last applied (for cooldowns), and whether a rollback was already announced.
 */
public record RemediationState(Map<ActionKind, Active> active, Map<ActionKind, Instant> lastApplied,
                               long rollbackNotifiedSeq) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final RemediationState INITIAL = new RemediationState(Map.of(), Map.of(), 0);

    /**
     * An action in force.
     *
     * @param rule       the rule that triggered it
     * @param since      when it was applied
     * @param greenSince since when all its triggers are green (null: not green now)
     * @param reason     what the executor was told (the engine's pause reason, kept to resume only that pause)
     */
    public record Active(String rule, Instant since, Instant greenSince, String reason) {
        public Active {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(reason, "reason");
        }

        Active green(Instant from) {
            return new Active(rule, since, from, reason);
        }
    }

    public RemediationState {
        active = Collections.unmodifiableMap(copy(active));
        lastApplied = Collections.unmodifiableMap(copy(lastApplied));
    }

    private static <V> Map<ActionKind, V> copy(Map<ActionKind, V> m) {
        Map<ActionKind, V> c = new EnumMap<>(ActionKind.class);
        c.putAll(m);
        return c;
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode a = root.putObject("active");
        active.forEach((k, v) -> {
            ObjectNode n = a.putObject(k.spelling());
            n.put("rule", v.rule());
            n.put("since", v.since().toString());
            n.put("green_since", v.greenSince() == null ? null : v.greenSince().toString());
            n.put("reason", v.reason());
        });
        ObjectNode l = root.putObject("last_applied");
        lastApplied.forEach((k, v) -> l.put(k.spelling(), v.toString()));
        root.put("rollback_notified_seq", rollbackNotifiedSeq);
        return root.toString();
    }

    public static RemediationState parse(String json, String where) {
        try {
            JsonNode root = JSON.readTree(json);
            Map<ActionKind, Active> active = new EnumMap<>(ActionKind.class);
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("active").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode n = e.getValue();
                active.put(kind(e.getKey()), new Active(n.path("rule").asText(), Instant.parse(n.path("since").asText()),
                        n.path("green_since").isNull() ? null : Instant.parse(n.path("green_since").asText()),
                        n.path("reason").asText()));
            }
            Map<ActionKind, Instant> last = new EnumMap<>(ActionKind.class);
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("last_applied").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                last.put(kind(e.getKey()), Instant.parse(e.getValue().asText()));
            }
            return new RemediationState(active, last, root.path("rollback_notified_seq").asLong(0));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(where + ": not a remediation state: " + e.getMessage(), e);
        }
    }

    private static ActionKind kind(String spelling) {
        for (ActionKind k : ActionKind.values()) {
            if (k.spelling().equals(spelling)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown action " + spelling);
    }
}
