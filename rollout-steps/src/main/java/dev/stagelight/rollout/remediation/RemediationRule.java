package dev.stagelight.rollout.remediation;

import dev.stagelight.rollout.expr.Expression;
import java.util.List;

/** A rule: when its condition (the expression language, over the SLO inputs) holds, its actions are wanted. */
public record RemediationRule(String name, Expression when, List<ActionKind> actions) {
    public RemediationRule {
        actions = List.copyOf(actions);
    }
}
