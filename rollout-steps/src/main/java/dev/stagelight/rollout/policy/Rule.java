package dev.stagelight.rollout.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * One rule of a policy set: when {@code condition} (an expression of the one expression language over a finding) holds,
 * {@code action} applies. The condition text is kept verbatim; it is type-checked when the policy set is loaded.
 */
public record Rule(String name, Optional<String> description, String condition, Action action, Optional<Severity> severity) {
    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(severity, "severity");
    }
}
