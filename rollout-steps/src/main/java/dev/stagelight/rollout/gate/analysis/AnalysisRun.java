package dev.stagelight.rollout.gate.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One run of an analysis template: a {@link MetricRun} per metric. Its status is the worst metric status, with
 * Argo's reading of "still running": a FAILED or ERROR metric decides at once, otherwise the run is RUNNING until
 * every metric is complete, then the worst of them (INCONCLUSIVE over SUCCESSFUL). Immutable, so the engine can store
 * it with the stage and resume.
 */
public record AnalysisRun(AnalysisTemplate template, List<MetricRun> metrics) {
    public AnalysisRun {
        metrics = List.copyOf(metrics);
    }

    /** A run whose metrics all start at {@code start} (the stage's start). */
    public static AnalysisRun start(AnalysisTemplate t, Instant start) {
        return new AnalysisRun(t, t.metrics().stream().map(m -> new MetricRun(m, start, List.of())).toList());
    }

    /**
     * A run timed so that every metric's last measurement is due at {@code at}: the form for judging a window of
     * history once ({@code rollout gate --at}).
     */
    public static AnalysisRun endingAt(AnalysisTemplate t, Instant at) {
        return new AnalysisRun(t, t.metrics().stream().map(m -> new MetricRun(m, at.minus(m.span()), List.of()))
                .toList());
    }

    public AnalysisRun with(int metric, MetricRun run) {
        List<MetricRun> next = new ArrayList<>(metrics);
        next.set(metric, run);
        return new AnalysisRun(template, next);
    }

    public Status status() {
        Status worst = Status.SUCCESSFUL;
        boolean running = false;
        for (MetricRun m : metrics) {
            Status s = m.status();
            if (s == Status.RUNNING) {
                running = true;
            } else if (s.worseThan(worst)) {
                worst = s;
            }
        }
        if (worst == Status.FAILED || worst == Status.ERROR) {
            return worst;
        }
        return running ? Status.RUNNING : worst;
    }

    /** When the engine should advance next for a new measurement, empty when the run is complete. */
    public Optional<Instant> nextDue() {
        if (status().completed()) {
            return Optional.empty();
        }
        return metrics.stream().map(MetricRun::nextDue).flatMap(Optional::stream).min(Instant::compareTo);
    }

    /** One line per metric under a summary line, e.g. for a terminal or a build log. */
    public String describe() {
        StringBuilder sb = new StringBuilder(template.name()).append(": ").append(status());
        for (MetricRun m : metrics) {
            MetricRun.Assessment a = m.assess();
            sb.append("\n  ").append(m.metric().name()).append(": ").append(a.status()).append(", ")
                    .append(a.reason());
            if (!m.measurements().isEmpty()) {
                Measurement last = m.measurements().get(m.measurements().size() - 1);
                sb.append("; last at ").append(last.time()).append(": ").append(last.status()).append(", ")
                        .append(last.reason());
            }
        }
        return sb.toString();
    }
}
