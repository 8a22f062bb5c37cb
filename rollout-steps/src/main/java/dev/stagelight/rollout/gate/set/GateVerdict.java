package dev.stagelight.rollout.gate.set;

import dev.stagelight.rollout.gate.analysis.AnalysisRun;
import dev.stagelight.rollout.gate.analysis.Measurement;
import dev.stagelight.rollout.gate.analysis.MetricRun;
import dev.stagelight.rollout.gate.judge.MetricJudge;
import dev.stagelight.rollout.gate.probe.HttpProbe;
import dev.stagelight.rollout.gate.probe.ProbeState;
import dev.stagelight.rollout.gate.source.QueryResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One evaluation of a gate set for one group of tenants at one time: the status (worst of its parts), the rule that
 * gave it, and the evidence of every part: the guard, each analysis run, each judged metric, each probe.
 *
 * @param guard null when the set has no guard
 */
public record GateVerdict(String set, String source, Instant at, String stage, List<String> tenants,
                          GateStatus status, String rule, Guard guard, List<AnalysisRun> analysis,
                          List<Judged> judge, List<Adapted> adaptive, List<Probed> probes) {
    public GateVerdict {
        tenants = List.copyOf(tenants);
        analysis = List.copyOf(analysis);
        judge = List.copyOf(judge);
        adaptive = List.copyOf(adaptive);
        probes = List.copyOf(probes);
    }

    /** The guard's reading: the request counts per side and whether they reached the minimum. */
    public record Guard(GateStatus status, Map<String, Double> values, List<QueryResult> queries, String reason) {
        public Guard {
            values = Map.copyOf(values);
            queries = List.copyOf(queries);
        }
    }

    /** A judged metric: the judge's verdict (null when the data could not be read) and both range queries. */
    public record Judged(JudgedMetric metric, GateStatus status, MetricJudge.Verdict verdict,
                         List<QueryResult> queries, String reason) {
        public Judged {
            queries = List.copyOf(queries);
        }
    }

    /** An adaptive metric: the rule's verdict on the last point (null when the data could not be read). */
    public record Adapted(AdaptiveMetric metric, GateStatus status,
                          dev.stagelight.rollout.gate.adaptive.AdaptiveVerdict verdict, List<QueryResult> queries,
                          String reason) {
        public Adapted {
            queries = List.copyOf(queries);
        }
    }

    /** A probe's state after this evaluation's check. */
    public record Probed(HttpProbe probe, ProbeState state, GateStatus status) {}

    /** One line of evidence: what was evaluated, its status and why. */
    public record Evidence(String kind, String name, GateStatus status, String reason) {
        public String line() {
            return kind + " " + name + ": " + status.label() + ", " + reason;
        }
    }

    /** Every part's evidence in evaluation order (guard, analysis metrics, judged, adaptive metrics, probes). */
    public List<Evidence> evidence() {
        List<Evidence> out = new ArrayList<>();
        if (guard != null) {
            out.add(new Evidence("guard", "min_traffic", guard.status(), guard.reason()));
        }
        for (AnalysisRun r : analysis) {
            for (MetricRun m : r.metrics()) {
                MetricRun.Assessment a = m.assess();
                String reason = a.reason();
                if (!m.measurements().isEmpty()) {
                    Measurement last = m.measurements().get(m.measurements().size() - 1);
                    reason += "; last at " + last.time() + ": " + last.status().label() + ", " + last.reason();
                }
                out.add(new Evidence("analysis", r.template().name() + "/" + m.metric().name(),
                        GateStatus.of(a.status()), reason));
            }
        }
        for (Judged j : judge) {
            out.add(new Evidence("judge", j.metric().name(), j.status(), j.reason()));
        }
        for (Adapted a : adaptive) {
            out.add(new Evidence("adaptive", a.metric().name(), a.status(), a.reason()));
        }
        for (Probed p : probes) {
            out.add(new Evidence("probe", p.probe().name(), p.status(), p.state().describe()));
        }
        return out;
    }

    /** A summary line and one line per part, for a terminal or a build log. */
    public String describe() {
        StringBuilder sb = new StringBuilder(set).append(" at ").append(at).append(": ").append(status.label())
                .append(" (").append(rule).append(')');
        for (Evidence e : evidence()) {
            sb.append("\n  ").append(e.line());
        }
        return sb.toString();
    }
}
