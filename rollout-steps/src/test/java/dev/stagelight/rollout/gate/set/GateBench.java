package dev.stagelight.rollout.gate.set;

import dev.stagelight.rollout.gate.probe.HttpProber;
import dev.stagelight.rollout.gate.source.MetricSource;
import dev.stagelight.rollout.gate.source.PrometheusSource;
import dev.stagelight.rollout.gate.source.Query;
import dev.stagelight.rollout.gate.source.QueryResult;
import dev.stagelight.rollout.gate.source.RetryPolicy;
import dev.stagelight.rollout.gate.source.TemplateVars;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.testing.CanaryHistory;
import dev.stagelight.rollout.testing.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark part "gates": one gate cycle of {@code examples/gates/canary-gates.yaml} against a real Prometheus holding
 * {@link CanaryHistory} (4 days, a sample a minute): time per query (instant and range, as the source sends them)
 * and per verdict, over {@code cycles} verdicts spread over the four scenarios, after two warm-up verdicts.
 *   java -cp stagelight-rollout.jar:test-classes dev.stagelight.rollout.gate.set.GateBench [cycles] [gates-file]
 */
public final class GateBench {
    private GateBench() {}

    /** Times every query the evaluator sends. */
    static final class Timed implements MetricSource {
        final MetricSource inner;
        final List<Long> instant = new ArrayList<>(), range = new ArrayList<>();

        Timed(MetricSource inner) {
            this.inner = inner;
        }

        @Override
        public QueryResult query(Query q) {
            long t0 = System.nanoTime();
            QueryResult r = inner.query(q);
            (q.isRange() ? range : instant).add(System.nanoTime() - t0);
            return r;
        }

        @Override
        public String describe() {
            return inner.describe();
        }
    }

    public static void main(String[] args) throws Exception {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Path gatesFile = Path.of(args.length > 1 ? args[1] : "examples/gates/canary-gates.yaml");
        GateSet gates = GateSetFile.load(gatesFile, Strictness.STRICT);
        Path dir = Files.createTempDirectory("stagelight-gate-bench");
        long s0 = System.nanoTime();
        try (PrometheusServer prometheus = PrometheusServer.start(dir, CanaryHistory.generate(27))) {
            System.out.printf(Locale.ROOT, "gates: Prometheus on %s with %d days of history (backfill + start %.1f s)%n",
                    prometheus.url(), CanaryHistory.DAYS, (System.nanoTime() - s0) / 1e9);
            Timed source = new Timed(new PrometheusSource(prometheus.url(), RetryPolicy.defaults(), d -> { }));
            GateEvaluator evaluator = new GateEvaluator(source, new HttpProber());
            CanaryHistory.Scenario[] scenarios = CanaryHistory.Scenario.values();
            TemplateVars vars = TemplateVars.stage("canary", List.of(), Duration.ofMinutes(5));
            for (int i = 0; i < 2; i++) { // warm-up: JIT, connection pool, Prometheus caches
                evaluator.evaluate(gates, vars, CanaryHistory.at(scenarios[i % scenarios.length]));
            }
            source.instant.clear();
            source.range.clear();
            List<Long> verdicts = new ArrayList<>();
            int[] statuses = new int[GateStatus.values().length];
            for (int i = 0; i < cycles; i++) {
                Instant at = CanaryHistory.at(scenarios[i % scenarios.length]);
                long t0 = System.nanoTime();
                GateVerdict v = evaluator.evaluate(gates, vars, at);
                verdicts.add(System.nanoTime() - t0);
                statuses[v.status().ordinal()]++;
            }
            int queries = source.instant.size() + source.range.size();
            System.out.printf(Locale.ROOT, "gates: %d verdicts (%s), %d queries (%d instant, %d range), %.1f queries"
                    + " per verdict%n", cycles, tally(statuses), queries, source.instant.size(), source.range.size(),
                    queries / (double) cycles);
            System.out.println("gates: per instant query " + stats(source.instant));
            System.out.println("gates: per range query   " + stats(source.range));
            System.out.println("gates: per verdict       " + stats(verdicts));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String tally(int[] statuses) {
        List<String> out = new ArrayList<>();
        for (GateStatus s : GateStatus.values()) {
            if (statuses[s.ordinal()] > 0) {
                out.add(statuses[s.ordinal()] + " " + s.label());
            }
        }
        return String.join(", ", out);
    }

    static String stats(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "n/a";
        }
        long[] v = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        double mean = Arrays.stream(v).average().orElse(0);
        return String.format(Locale.ROOT, "median %.2f ms, p95 %.2f ms, max %.2f ms, mean %.2f ms (n = %d)",
                v[v.length / 2] / 1e6, v[(int) Math.min(v.length - 1, Math.ceil(v.length * 0.95) - 1)] / 1e6,
                v[v.length - 1] / 1e6, mean / 1e6, v.length);
    }
}
