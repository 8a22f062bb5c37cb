package dev.stagelight.rollout.gate.set;

import dev.stagelight.rollout.gate.analysis.AnalysisTemplate;
import dev.stagelight.rollout.gate.analysis.TemplateLibrary;
import dev.stagelight.rollout.gate.probe.HttpProbe;
import java.util.ArrayList;
import java.util.List;

/**
 * A gate set as loaded from its file: analysis templates (instantiated from the library with their arguments),
 * judged metrics, adaptive-threshold metrics, health probes, an optional minimum-traffic guard and optional per-cohort evaluation. The verdict
 * is the worst status of its parts. A plan's stage may replace the analysis with templates of its own from the same
 * library ({@link #withAnalysis}) and name its own cohorts ({@link #withCohorts}).
 *
 * @param guard   null without a minimum-traffic guard
 * @param cohorts null to evaluate the stage's tenants as one group
 */
public record GateSet(String name, String file, TemplateLibrary library, List<TemplateUse> uses,
                      List<AnalysisTemplate> analysis, List<JudgedMetric> judge, List<AdaptiveMetric> adaptive,
                      List<HttpProbe> probes, TrafficGuard guard, CohortSpec cohorts) {
    public GateSet {
        uses = List.copyOf(uses);
        analysis = List.copyOf(analysis);
        judge = List.copyOf(judge);
        adaptive = List.copyOf(adaptive);
        probes = List.copyOf(probes);
        if (analysis.isEmpty() && judge.isEmpty() && adaptive.isEmpty() && probes.isEmpty()) {
            throw new IllegalArgumentException("gate set " + name + " has nothing to evaluate");
        }
    }

    /**
     * This set with {@code uses} as its analysis (templates from this set's library); an unknown template or argument
     * is an {@link IllegalArgumentException} naming {@code where} (e.g. the plan's stage).
     */
    public GateSet withAnalysis(List<TemplateUse> next, String where) {
        List<AnalysisTemplate> ts = new ArrayList<>();
        for (TemplateUse u : next) {
            if (library == null) {
                throw new IllegalArgumentException(where + " names template '" + u.template() + "', but " + file
                        + " defines no templates");
            }
            try {
                ts.add(library.instantiate(u.template(), u.args(), null));
            } catch (IllegalArgumentException | dev.stagelight.rollout.input.InputException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return new GateSet(name, file, library, next, ts, judge, adaptive, probes, guard, cohorts);
    }

    public GateSet withCohorts(CohortSpec c) {
        return new GateSet(name, file, library, uses, analysis, judge, adaptive, probes, guard, c);
    }
}
