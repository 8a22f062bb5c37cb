package dev.stagelight.rollout.remediation;

import dev.stagelight.rollout.gate.source.MetricSource;
import dev.stagelight.rollout.gate.source.Query;
import dev.stagelight.rollout.gate.source.QueryResult;
import dev.stagelight.rollout.gate.source.Outcome;
import dev.stagelight.rollout.gate.source.TemplateVars;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numeric inputs of one evaluation, read at one explicit time: each burn-rate window as
 * {@code (errors) / (total) / (1 - objective)}, one query per window, then each further input. A query that did not
 * answer with finite numbers leaves its input missing (NaN) and says why; several series count by their largest
 * value (the worst side decides).
 *
 * @param values   identifier -> value (NaN when missing), in schema order
 * @param problems identifier -> why it is missing
 */
public record Readings(Instant at, Map<String, Double> values, Map<String, String> problems, int queries) {
    public Readings {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        problems = Collections.unmodifiableMap(new LinkedHashMap<>(problems));
    }

    public static Readings read(RemediationRules rules, MetricSource source, Instant at) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        int queries = 0;
        if (rules.slo() != null) {
            for (Duration w : rules.slo().windows()) {
                TemplateVars vars = TemplateVars.stage("remediation", List.of(), w);
                String q = "(" + rules.slo().errors().render(vars) + ") / (" + rules.slo().total().render(vars) + ") / "
                        + budgetLiteral(rules.slo().budget());
                take(SloSpec.burnRateName(w), source.query(Query.instant(q, at)), values, problems);
                queries++;
            }
        }
        for (Map.Entry<String, String> e : rules.inputs().entrySet()) {
            take(e.getKey(), source.query(Query.instant(e.getValue(), at)), values, problems);
            queries++;
        }
        return new Readings(at, values, problems, queries);
    }

    /** The budget as PromQL reads it back exactly ({@code 0.005}, not {@code 0.0050000000000000044}). */
    static String budgetLiteral(double budget) {
        return new java.math.BigDecimal(Double.toString(budget)).round(new java.math.MathContext(12))
                .stripTrailingZeros().toPlainString();
    }

    private static void take(String name, QueryResult r, Map<String, Double> values, Map<String, String> problems) {
        if (r.outcome() != Outcome.OK) {
            values.put(name, Double.NaN);
            problems.put(name, r.outcome().label() + ": " + r.message());
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : r.values()) {
            max = Math.max(max, v);
        }
        values.put(name, max);
    }
}
