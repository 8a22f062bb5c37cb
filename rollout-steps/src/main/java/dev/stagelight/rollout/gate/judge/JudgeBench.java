package dev.stagelight.rollout.gate.judge;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Benchmark entry point (scripts/bench-judge.sh): the canary judge over M metrics × N samples per side (goal for
 * 100 × 10,000: under 1 s). The samples are generated deterministically: latency-like values rounded to 0.1 ms (so
 * they tie, which forces R's normal approximation and the root finder), a tenth of the metrics shifted up 20% in the
 * canary, a few NaN. Prints the first (cold) judgement, the median and best of the following runs, and the time to
 * read the two sample files and judge, as {@code rollout judge} does.
 * Usage: {@code JudgeBench [metrics] [samples] [runs]}.
 */
public final class JudgeBench {
    private JudgeBench() {}

    public static void main(String[] args) throws IOException {
        int metrics = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Map<String, double[]> canary = new LinkedHashMap<>(), baseline = new LinkedHashMap<>();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int m = 0; m < metrics; m++) {
            String name = String.format(Locale.ROOT, "metric_%03d", m);
            double scale = 0.05 + m * 0.01;
            baseline.put(name, series(rnd, samples, scale, 1.0));
            canary.put(name, series(rnd, samples, scale, m % 10 == 0 ? 1.2 : 1.0));
        }
        JudgeConfig config = JudgeConfig.kayenta();

        long t0 = System.nanoTime(), c0 = cpu();
        CanaryJudge.Result first = CanaryJudge.judge(config, canary, baseline);
        double cold = ms(t0), coldCpu = (cpu() - c0) / 1e6;
        double[] times = new double[runs], cpus = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t = System.nanoTime(), c = cpu();
            CanaryJudge.Result again = CanaryJudge.judge(config, canary, baseline);
            times[r] = ms(t);
            cpus[r] = (cpu() - c) / 1e6;
            if (again.score() != first.score()) {
                throw new IllegalStateException("the judge is not deterministic: " + first.score() + " then "
                        + again.score());
            }
        }
        Arrays.sort(times);
        Arrays.sort(cpus);
        long high = first.metrics().stream().filter(x -> x.verdict().label() == MetricJudge.Label.HIGH).count();
        long normal = first.metrics().stream().filter(x -> x.verdict().test() != null && !x.verdict().test().exact())
                .count();
        System.out.printf(Locale.ROOT, "judge %d metrics x %,d samples per side (%d by normal approximation + root "
                + "finder): %s, score %.2f, %d High%n", metrics, samples, normal, first.outcome().label(), first.score(),
                high);
        System.out.printf(Locale.ROOT, "  first run %.0f ms (cold JVM); next %d runs: median %.0f ms, best %.0f ms"
                + " (goal < 1000 ms), on %d cores%n", cold, runs, times[runs / 2], times[0],
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "  CPU time of the process (all threads; what the wall time is on one idle core):"
                + " first %.0f ms, median %.0f ms; load average %.1f%n", coldCpu, cpus[runs / 2],
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        Path dir = Files.createTempDirectory("judge-bench");
        try {
            Path b = write(dir.resolve("baseline.json"), baseline);
            Path c = write(dir.resolve("canary.json"), canary);
            long t = System.nanoTime();
            Map<String, double[]> rb = JudgeSamples.load(b), rc = JudgeSamples.load(c);
            double read = ms(t);
            long t2 = System.nanoTime();
            CanaryJudge.judge(config, rc, rb);
            System.out.printf(Locale.ROOT, "  from files (%.1f MB JSON): read %.0f ms, judge %.0f ms%n",
                    (Files.size(b) + Files.size(c)) / 1e6, read, ms(t2));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    /** Log-normal-ish latencies in seconds, rounded to 0.1 ms, with one NaN in 500. */
    private static double[] series(SplittableRandom rnd, int n, double scale, double factor) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(500) == 0) {
                v[i] = Double.NaN;
                continue;
            }
            double g = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
            v[i] = Math.round(scale * factor * Math.exp(0.25 * g) * 1e4) / 1e4;
        }
        return v;
    }

    private static Path write(Path f, Map<String, double[]> side) throws IOException {
        StringBuilder sb = new StringBuilder("{\"metrics\": {");
        boolean firstMetric = true;
        for (Map.Entry<String, double[]> e : side.entrySet()) {
            sb.append(firstMetric ? "" : ",").append("\n\"").append(e.getKey()).append("\": [");
            firstMetric = false;
            double[] v = e.getValue();
            for (int i = 0; i < v.length; i++) {
                sb.append(i == 0 ? "" : ",").append(Double.isNaN(v[i]) ? "\"NaN\"" : Double.toString(v[i]));
            }
            sb.append(']');
        }
        Files.writeString(f, sb.append("}}\n"), StandardCharsets.UTF_8);
        return f;
    }

    /** CPU time of the whole process in ns (every thread), which the load of other processes hardly changes. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
