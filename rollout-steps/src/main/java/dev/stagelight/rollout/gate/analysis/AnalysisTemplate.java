package dev.stagelight.rollout.gate.analysis;

import java.util.List;

/** A named set of metrics evaluated together; the run's status is the worst of its metrics'. */
public record AnalysisTemplate(String name, List<AnalysisMetric> metrics) {
    public AnalysisTemplate {
        metrics = List.copyOf(metrics);
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("template " + name + " has no metrics");
        }
    }

    /** The longest {@link AnalysisMetric#span()} of its metrics. */
    public java.time.Duration span() {
        return metrics.stream().map(AnalysisMetric::span).max(java.util.Comparator.naturalOrder()).orElseThrow();
    }
}
