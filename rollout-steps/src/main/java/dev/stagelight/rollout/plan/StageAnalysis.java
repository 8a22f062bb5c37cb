package dev.stagelight.rollout.plan;

import dev.stagelight.rollout.gate.set.CohortSpec;
import dev.stagelight.rollout.gate.set.TemplateUse;
import java.util.List;

/**
 * The gates a stage names ({@code analysis} in the plan): analysis templates by name with arguments, from the gate
 * set {@code rollout advance --gates} reads, and optionally per-cohort evaluation. Either a list of uses or a map:
 *
 * <pre>
 *   analysis:
 *     - {template: error-ratio, args: {max: "0.02"}}
 *   analysis:
 *     templates: [{template: error-ratio, args: {max: "0.02"}}]   # empty or absent: the gate set's own analysis
 *     cohorts: {label: tier, decisive: [gold]}
 * </pre>
 *
 * @param templates the uses; empty means the gate set's own {@code analysis}
 * @param cohorts   null to judge the stage's tenants as one group (or as the gate set says)
 */
public record StageAnalysis(List<TemplateUse> templates, CohortSpec cohorts) {
    public StageAnalysis {
        templates = List.copyOf(templates);
    }
}
