package dev.stagelight.rollout.evidence;

import dev.stagelight.rollout.gate.probe.HttpProber;
import dev.stagelight.rollout.gate.set.CohortGates;
import dev.stagelight.rollout.gate.set.GateEvaluator;
import dev.stagelight.rollout.gate.set.GateSet;
import dev.stagelight.rollout.gate.set.GateSetFile;
import dev.stagelight.rollout.gate.set.RecordingSource;
import dev.stagelight.rollout.gate.source.MetricSource;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.remediation.Readings;
import dev.stagelight.rollout.remediation.RemediationRules;
import dev.stagelight.rollout.remediation.RulesFile;
import dev.stagelight.rollout.testing.OpenMetricsHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo story's metrics (examples/story/story-samples.json): a generated history of the examples' series
 * ({@code policy_eval_requests_total{group, code}}, {@code policy_eval_latency_p95_seconds{group}}) served by a real
 * Prometheus, and every query the story's gates and remediation rules ask of it, recorded as the file source replays
 * them. Nine hours from {@link #T0}, one sample a minute, 100 evaluations a second per group with seeded noise;
 * baseline healthy throughout (0.05% errors, p95 200 ms); the canary too except for
 * <ul>
 * <li>an incident from 02:30 to 03:00 (50% errors, p95 600 ms): remediation's burn-rate spike;</li>
 * <li>a regression from 07:20 on (8% errors): the majority stage's gate fails.</li>
 * </ul>
 * StorySamplesTest checks that the shipped file is what Prometheus answers (and rewrites it with
 * {@code -Dstagelight.story.write=true}).
 */
public final class StoryRecording {
    public static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
    public static final Instant INCIDENT = T0.plus(Duration.ofMinutes(150));
    public static final Instant RECOVERY = T0.plus(Duration.ofMinutes(180));
    public static final Instant REGRESSION = T0.plus(Duration.ofMinutes(440));
    public static final Instant END = T0.plus(Duration.ofHours(9));
    static final Path EXAMPLES = Path.of("../examples");

    private StoryRecording() {}

    public static OpenMetricsHistory history(long seed) {
        OpenMetricsHistory h = new OpenMetricsHistory();
        Random rnd = new Random(seed);
        for (String group : List.of("baseline", "canary")) {
            boolean canary = group.equals("canary");
            long ok = 0, err = 0;
            for (Instant t = T0; !t.isAfter(END); t = t.plus(Duration.ofMinutes(1))) {
                boolean incident = canary && !t.isBefore(INCIDENT) && t.isBefore(RECOVERY);
                boolean regression = canary && !t.isBefore(REGRESSION);
                long total = Math.round(6000 * (1 + 0.05 * rnd.nextGaussian()));
                double ratio = incident ? 0.5 : regression ? 0.08 : 0.0005;
                long e = Math.round(total * ratio + Math.sqrt(total * ratio * (1 - ratio)) * rnd.nextGaussian());
                e = Math.max(0, Math.min(total, e));
                ok += total - e;
                err += e;
                h.add("policy_eval_requests_total", Map.of("group", group, "code", "ok"), t, ok);
                h.add("policy_eval_requests_total", Map.of("group", group, "code", "error"), t, err);
                double p95 = (incident ? 0.6 : 0.2) + 0.01 * rnd.nextGaussian();
                h.add("policy_eval_latency_p95_seconds", Map.of("group", group), t, Math.max(0.001, p95));
            }
        }
        return h;
    }

    /**
     * Every query the story can ask, answered by {@code source}: the canary gates of each stage every 5 minutes from
     * 01:00, the remediation rules' inputs every 5 minutes from 00:30, to the end of the history.
     */
    public static byte[] record(MetricSource source) throws Exception {
        RecordingSource rec = new RecordingSource(source);
        GateSet gates = GateSetFile.load(EXAMPLES.resolve("gates/canary-gates.yaml"), Strictness.STRICT);
        RemediationRules rules = RulesFile.load(EXAMPLES.resolve("story/slo-rules.yaml"), Strictness.STRICT, Map.of());
        GateEvaluator evaluator = new GateEvaluator(rec, new HttpProber());
        for (Instant t = T0.plus(Duration.ofMinutes(30)); !t.isAfter(END); t = t.plus(Duration.ofMinutes(5))) {
            Readings.read(rules, rec, t);
            if (!t.isBefore(T0.plus(Duration.ofHours(1)))) {
                CohortGates.evaluate(evaluator, gates, "canary", List.of(), id -> Map.of(), Duration.ofMinutes(5), t);
            }
        }
        return rec.toBytes();
    }
}
