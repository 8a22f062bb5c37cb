package dev.stagelight.rollout.remediation;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What an executor is asked to do: apply (or revert) one action, for a rule, at an evaluation time.
 *
 * @param delivery a unique id of this request ({@code scope/evaluation/action/operation}); receivers may de-duplicate on it
 * @param reason   the sentence the action carries (the rollout's pause reason, the webhook's {@code reason})
 */
public record ActionRequest(String scope, long evaluation, ActionKind kind, boolean revert, String rule, String reason,
                            String rolloutId, Instant at, Map<String, Object> values, Duration widenBy,
                            String delivery) {
    public ActionRequest {
        values = Map.copyOf(new java.util.LinkedHashMap<>(nonNull(values)));
    }

    private static Map<String, Object> nonNull(Map<String, Object> v) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        v.forEach((k, x) -> {
            if (x != null && !(x instanceof Double d && !Double.isFinite(d))) {
                m.put(k, x);
            }
        });
        return m;
    }

    /** {@code pause_rollout}, or for a revert {@code resume_rollout}. */
    public String operationName() {
        return revert ? kind.revertSpelling() : kind.spelling();
    }
}
