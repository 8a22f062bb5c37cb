package dev.stagelight.rollout.gate.set;

import dev.stagelight.rollout.gate.adaptive.AdaptiveRule;
import dev.stagelight.rollout.gate.source.QueryTemplate;
import java.time.Duration;

/**
 * A metric judged by an adaptive threshold (EWMA + MAD robust z-score, seasonal): the query is asked as a range over
 * the rule's window before the evaluation time every {@code step}, and the rule scores the last point against the
 * points before it in its season bucket; {@code consecutive} anomalous points in a row fail it.
 */
public record AdaptiveMetric(String name, AdaptiveRule rule, QueryTemplate query, Duration step) {
    public AdaptiveMetric {
        if (step.isZero() || step.isNegative() || step.compareTo(rule.window()) > 0) {
            throw new IllegalArgumentException("adaptive metric " + name + ": step must be positive and within the"
                    + " rule's window");
        }
    }
}
