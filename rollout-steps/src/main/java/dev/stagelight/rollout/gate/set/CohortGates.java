package dev.stagelight.rollout.gate.set;

import dev.stagelight.rollout.gate.source.TemplateVars;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Evaluates a gate set for a stage: once over all its tenants, or, with {@link CohortSpec}, once per cohort of them
 * (grouped by a tenant label), each cohort on its own metrics ({@code {{tenants}}} is the cohort's tenants). The worst
 * decisive verdict wins; when no decisive cohort has tenants in this stage nothing decisive was seen, which is
 * INCONCLUSIVE, not a pass.
 */
public final class CohortGates {
    private CohortGates() {}

    /**
     * @param labels a tenant's labels by id (from the tenant tree, or frozen in the rollout state)
     */
    public static GateOutcome evaluate(GateEvaluator evaluator, GateSet set, String stage, List<String> tenants,
                                       Function<String, Map<String, String>> labels, Duration interval, Instant at) {
        CohortSpec spec = set.cohorts();
        if (spec == null) {
            return GateOutcome.single(evaluator.evaluate(set, TemplateVars.stage(stage, tenants, interval), at));
        }
        List<GateOutcome.Cohort> out = new ArrayList<>();
        GateStatus worst = null;
        String rule = null;
        for (Map.Entry<String, List<String>> c : group(spec, tenants, labels).entrySet()) {
            GateVerdict v = evaluator.evaluate(set, TemplateVars.stage(stage, c.getValue(), interval), at);
            boolean decisive = spec.isDecisive(c.getKey());
            out.add(new GateOutcome.Cohort(c.getKey(), decisive, v));
            if (decisive && (worst == null || v.status().worseThan(worst))) {
                worst = v.status();
                rule = "cohort " + spec.label() + "=" + c.getKey() + ": " + v.rule();
            }
        }
        if (worst == null) {
            worst = GateStatus.INCONCLUSIVE;
            rule = "no decisive cohort (" + String.join(", ", spec.decisive()) + ") has tenants in stage " + stage;
        }
        return new GateOutcome(worst, rule, spec.label(), out);
    }

    /** The stage's tenants by the value of the cohort label, cohorts sorted by name, tenants in stage order. */
    public static Map<String, List<String>> group(CohortSpec spec, List<String> tenants,
                                                  Function<String, Map<String, String>> labels) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String t : tenants) {
            Map<String, String> l = labels.apply(t);
            String value = l == null ? null : l.get(spec.label());
            out.computeIfAbsent(value == null ? CohortSpec.UNLABELLED : value, k -> new ArrayList<>()).add(t);
        }
        return out;
    }
}
