package dev.stagelight.rollout.gate.set;

import dev.stagelight.rollout.gate.judge.MetricJudge;
import dev.stagelight.rollout.gate.source.QueryTemplate;
import java.time.Duration;

/**
 * A metric judged baseline vs canary by {@link MetricJudge}: the query (with {@code {{group}}}) is asked as a range
 * over the {@code window} before the evaluation time, every {@code step}, once per group; the canary's samples are
 * the experiment, the baseline's the control.
 */
public record JudgedMetric(String name, QueryTemplate query, Duration window, Duration step, MetricJudge.Config config) {
    public JudgedMetric {
        if (!query.uses(QueryTemplate.Var.GROUP)) {
            throw new IllegalArgumentException("judged metric " + name + ": the query needs {{group}}");
        }
        if (step.isZero() || step.isNegative() || step.compareTo(window) > 0) {
            throw new IllegalArgumentException("judged metric " + name + ": step must be positive and within the window");
        }
    }
}
