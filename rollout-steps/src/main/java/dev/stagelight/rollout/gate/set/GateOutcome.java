package dev.stagelight.rollout.gate.set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The result of evaluating a gate set for a stage: one verdict for all its tenants, or (per-cohort gates) one per
 * cohort, the status then being the worst of the decisive cohorts'.
 *
 * @param label the tenant label the cohorts are grouped by; null for a single verdict over all tenants
 */
public record GateOutcome(GateStatus status, String rule, String label, List<Cohort> cohorts) {
    /** One cohort's verdict; a single verdict is one cohort named {@code all}, decisive. */
    public record Cohort(String name, boolean decisive, GateVerdict verdict) {}

    public GateOutcome {
        cohorts = List.copyOf(cohorts);
    }

    public static GateOutcome single(GateVerdict v) {
        return new GateOutcome(v.status(), v.rule(), null, List.of(new Cohort("all", true, v)));
    }

    public boolean perCohort() {
        return label != null;
    }

    /** The verdict of a single (not per-cohort) outcome. */
    public GateVerdict verdict() {
        return cohorts.get(0).verdict();
    }

    public String describe() {
        if (!perCohort()) {
            return verdict().describe();
        }
        StringBuilder sb = new StringBuilder("per cohort of ").append(label).append(": ").append(status.label())
                .append(" (").append(rule).append(')');
        for (Cohort c : cohorts) {
            sb.append("\n").append(c.decisive() ? "[decisive] " : "[reported] ").append(c.name()).append(" ")
                    .append(c.verdict().tenants()).append(": ")
                    .append(c.verdict().describe().replace("\n", "\n  "));
        }
        return sb.toString();
    }

    public ObjectNode toJson() {
        if (!perCohort()) {
            return VerdictJson.toJson(verdict());
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("status", status.label());
        o.put("rule", rule);
        o.put("cohort_label", label);
        ArrayNode cs = o.putArray("cohorts");
        for (Cohort c : cohorts) {
            ObjectNode n = cs.addObject();
            n.put("cohort", c.name());
            n.put("decisive", c.decisive());
            n.set("verdict", VerdictJson.toJson(c.verdict()));
        }
        return o;
    }
}
