package dev.stagelight.rollout.remediation;

import dev.stagelight.rollout.gate.source.PrometheusSource;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.store.DirectoryStore;
import dev.stagelight.rollout.store.RolloutStore;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Benchmark: one remediation evaluation over 50 rules against a real Prometheus (backfilled with promtool from a
 * generated 8-hour history with an incident, then started on 127.0.0.1): the whole evaluation (4 burn-rate windows
 * and 2 further inputs read, 50 rules decided, executors run, evidence and state written to a directory store), its
 * query part alone, and the time per decision. {@code scripts/bench-remediation.sh [evaluations]}.
 */
public final class RemediationBench {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant INCIDENT = T0.plus(Duration.ofHours(6));

    private RemediationBench() {}

    public static void main(String[] args) throws Exception {
        int evaluations = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Path work = Files.createTempDirectory("stagelight-bench-remediation");
        Process prometheus = null;
        try {
            URI url;
            Path om = work.resolve("history.om");
            Files.writeString(om, history(), StandardCharsets.UTF_8);
            Path tsdb = Files.createDirectories(work.resolve("tsdb"));
            run(work, binary("promtool"), "tsdb", "create-blocks-from", "openmetrics", om.toString(), tsdb.toString());
            Files.writeString(work.resolve("prometheus.yml"), "scrape_configs: []\n");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            prometheus = new ProcessBuilder(binary("prometheus"), "--storage.tsdb.path=" + tsdb,
                    "--config.file=" + work.resolve("prometheus.yml"), "--web.listen-address=127.0.0.1:" + port,
                    "--storage.tsdb.retention.time=100y", "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
            url = URI.create("http://127.0.0.1:" + port);
            awaitReady(url, prometheus);
            bench(url, work, evaluations);
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static void bench(URI url, Path work, int evaluations) throws Exception {
        RemediationRules rules = RulesFile.parse("bench-rules.yaml", rules(50, work), Strictness.STRICT, Map.of());
        PrometheusSource source = new PrometheusSource(url);
        double[] total = new double[evaluations];
        double[] queries = new double[evaluations];
        long decisions = 0, acted = 0, reverted = 0;
        int warmup = 10;
        try (RolloutStore store = DirectoryStore.open(work.resolve("store"))) {
            for (int i = -warmup; i < evaluations; i++) {
                // One evaluation a minute from 5:50 on: healthy, the incident (6:00-6:30), recovery and reverts.
                Instant at = INCIDENT.minus(Duration.ofMinutes(10)).plus(Duration.ofMinutes(Math.max(i, 0) % 120));
                Remediator r = new Remediator(rules, source, store,
                        Remediator.standardExecutors(store, java.time.Clock.systemUTC(), "bench"), d -> { }, "bench");
                long q0 = System.nanoTime();
                Readings.read(rules, source, at);
                long q1 = System.nanoTime();
                Evaluation e = r.evaluate(at, "none");
                long t1 = System.nanoTime();
                if (i < 0) {
                    continue;
                }
                queries[i] = (q1 - q0) / 1e6;
                total[i] = (t1 - q1) / 1e6;
                decisions += e.decisions().size();
                acted += e.decisions().stream().filter(d -> d.decision() == Decision.ACTED).count();
                reverted += e.decisions().stream().filter(d -> d.decision() == Decision.REVERTED).count();
            }
        }
        double perEval = decisions / (double) evaluations;
        double[] sorted = total.clone();
        Arrays.sort(sorted);
        double[] qs = queries.clone();
        Arrays.sort(qs);
        double median = pct(sorted, 50);
        System.out.printf(Locale.ROOT, "remediation evaluation, 50 rules, %d inputs (%d queries) against a real Prometheus,"
                        + " directory store: median %.2f ms, p95 %.2f ms over %d evaluations after %d warm-up%n",
                rules.inputs().size() + rules.slo().windows().size(), rules.inputs().size() + rules.slo().windows().size(),
                median, pct(sorted, 95), evaluations, warmup);
        System.out.printf(Locale.ROOT, "  of which reading the inputs: median %.2f ms; decisions per evaluation %.1f"
                        + " (%d acted, %d reverted in all, by /bin/true commands)%n", pct(qs, 50), perEval, acted, reverted);
        System.out.printf(Locale.ROOT, "  time per decision: %.3f ms (median evaluation / decisions per evaluation),"
                        + " %.3f ms without the queries%n", median / perEval, Math.max(0, median - pct(qs, 50)) / perEval);
    }

    static double pct(double[] sorted, int p) {
        int k = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, k))];
    }

    /** 50 rules: burn-rate pairs at graded thresholds, latency and CPU rules, spread over the five actions. */
    static String rules(int n, Path work) throws IOException {
        Path ok = work.resolve("ok.sh");
        Files.writeString(ok, "#!/bin/sh\nexit 0\n");
        ok.toFile().setExecutable(true);
        StringBuilder sb = new StringBuilder("""
                name: bench
                slo:
                  objective: 99.5%
                  errors: sum(rate(policy_eval_requests_total{group="canary", code="error"}[{{interval}}]))
                  total: sum(rate(policy_eval_requests_total{group="canary"}[{{interval}}]))
                  windows: [5m, 30m, 1h, 6h]
                inputs:
                  latency_p95: max(policy_eval_latency_p95_seconds{group="canary"})
                  cpu: max(container_cpu_utilization_percent{group="canary"})
                policy: {green_period: 15m, max_concurrent: 5}
                actions:
                """);
        for (ActionKind k : ActionKind.values()) {
            sb.append("  ").append(k.spelling()).append(": {cooldown: 10m, command: [").append(ok).append("]}\n");
        }
        sb.append("rules:\n");
        ActionKind[] kinds = ActionKind.values();
        for (int i = 0; i < n; i++) {
            String when = switch (i % 4) {
                case 0 -> "burn_rate_1h > " + (14.4 + i) + " AND burn_rate_5m > " + (14.4 + i);
                case 1 -> "burn_rate_6h > " + (6 + i / 4.0) + " AND burn_rate_30m > " + (6 + i / 4.0);
                case 2 -> "latency_p95 > " + (0.3 + i / 100.0) + " AND cpu > " + (50 + i / 2);
                default -> "(burn_rate_5m > " + (2 + i) + " OR latency_p95 > " + (0.5 + i / 50.0)
                        + ") AND active_actions < 5";
            };
            sb.append("  - name: rule-").append(i).append("\n    when: ").append(when)
                    .append("\n    actions: [").append(kinds[i % kinds.length].spelling()).append("]\n");
        }
        return sb.toString();
    }

    /** Eight hours, one sample a minute: healthy canary traffic but for 50% errors and slow answers from 6:00 to 6:30. */
    static String history() {
        StringBuilder req = new StringBuilder("# TYPE policy_eval_requests counter\n");
        StringBuilder lat = new StringBuilder("# TYPE policy_eval_latency_p95_seconds gauge\n");
        StringBuilder cpu = new StringBuilder("# TYPE container_cpu_utilization_percent gauge\n");
        List<String[]> reqLines = new ArrayList<>();
        for (String group : List.of("baseline", "canary")) {
            double ok = 0, err = 0;
            StringBuilder okS = new StringBuilder(), errS = new StringBuilder();
            for (int m = 0; m <= 480; m++) {
                long t = T0.getEpochSecond() + m * 60L;
                boolean incident = group.equals("canary") && m >= 360 && m < 390;
                double share = incident ? 0.5 : 0.0005;
                ok += 6000 * (1 - share);
                err += 6000 * share;
                okS.append("policy_eval_requests_total{code=\"ok\",group=\"").append(group).append("\"} ")
                        .append(Math.round(ok)).append(' ').append(t).append('\n');
                errS.append("policy_eval_requests_total{code=\"error\",group=\"").append(group).append("\"} ")
                        .append(Math.round(err)).append(' ').append(t).append('\n');
                lat.append("policy_eval_latency_p95_seconds{group=\"").append(group).append("\"} ")
                        .append(incident ? "0.6" : "0.2").append(' ').append(t).append('\n');
                cpu.append("container_cpu_utilization_percent{group=\"").append(group).append("\"} ")
                        .append(incident ? "85" : "40").append(' ').append(t).append('\n');
            }
            reqLines.add(new String[] {errS.toString(), okS.toString()});
        }
        for (String[] l : reqLines) {
            req.append(l[0]).append(l[1]);
        }
        return req.toString() + lat + cpu + "# EOF\n";
    }

    private static void awaitReady(URI url, Process p) throws Exception {
        HttpClient c = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + p.exitValue());
            }
            try {
                if (c.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("prometheus not ready on " + url + " within 60 s");
    }

    private static String binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        throw new IllegalStateException(name + " not found; install Prometheus: scripts/install-deps.sh");
    }

    private static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
