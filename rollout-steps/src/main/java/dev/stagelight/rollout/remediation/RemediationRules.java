package dev.stagelight.rollout.remediation;

import dev.stagelight.rollout.expr.Schema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated rules file (see {@link RulesFile}): what to read, when to act, how.
 *
 * @param scope         names the state and evidence log in the store ({@code remediation/<scope>/})
 * @param rolloutId     the rollout the engine actions act on and whose stage the rules may read (null: none)
 * @param slo           the availability SLO whose burn rates are read, or null
 * @param inputs        further numeric inputs: identifier -> PromQL (latency p95, CPU)
 * @param actions       every action a rule names, configured
 * @param greenPeriod   how long the inputs must stay green before an action is reverted (runbook: 15 minutes)
 * @param maxConcurrent how many actions may be active at once
 * @param dryRun        decide and record, but never execute
 * @param notifications channel of the plan's notifications -> the webhook that reaches it
 * @param retry         how often an executor is tried before its failure is reported
 */
public record RemediationRules(String scope, String rolloutId, SloSpec slo, Map<String, String> inputs,
                               List<RemediationRule> rules, Map<ActionKind, ActionSpec> actions, Duration greenPeriod,
                               int maxConcurrent, boolean dryRun, Map<String, ExecutorSpec.Webhook> notifications,
                               Retry retry, Schema schema) {
    /** Strings every rule may read besides the numeric inputs. */
    public static final String ROLLOUT_STAGE = "rollout.stage";
    public static final String ROLLOUT_STATUS = "rollout.status";
    public static final String CANARY_VERDICT = "canary.verdict";
    /** How many actions are active when the evaluation starts. */
    public static final String ACTIVE_ACTIONS = "active_actions";

    /** Attempts in all (at least 1) and the wait before the second; each later wait doubles. */
    public record Retry(int attempts, Duration backoff) {
        public Retry {
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("attempts must be 1 to 10, got " + attempts);
            }
        }
    }

    public RemediationRules {
        Objects.requireNonNull(scope, "scope");
        inputs = Map.copyOf(inputs);
        rules = List.copyOf(rules);
        actions = Map.copyOf(actions);
        notifications = Map.copyOf(notifications);
    }

    /** The schema rules are compiled against: burn rates and inputs (numbers), rollout stage/status, verdict. */
    static Schema schema(SloSpec slo, Iterable<String> inputNames) {
        Schema.Builder b = Schema.builder();
        if (slo != null) {
            for (Duration w : slo.windows()) {
                b.number(SloSpec.burnRateName(w));
            }
        }
        for (String n : inputNames) {
            b.number(n);
        }
        b.number(ACTIVE_ACTIONS);
        b.string(ROLLOUT_STAGE).string(ROLLOUT_STATUS).string(CANARY_VERDICT);
        return b.build();
    }

    public RemediationRules withDryRun(boolean d) {
        return new RemediationRules(scope, rolloutId, slo, inputs, rules, actions, greenPeriod, maxConcurrent, d,
                notifications, retry, schema);
    }
}
