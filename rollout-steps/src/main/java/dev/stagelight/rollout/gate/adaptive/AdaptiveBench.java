package dev.stagelight.rollout.gate.adaptive;

import dev.stagelight.rollout.gate.source.Sample;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark of adaptive thresholds (scripts/bench-adaptive.sh), figures for notes: (1) evaluating 10,000 events, the
 * first run in a fresh JVM (the sprint asks <= 1 s, our goal < 100 ms) and then warm; (2) one gate-time verdict
 * ({@code evaluate(series, at)}) over a 7-day window of 5-minute samples; (3) the backtest of the example rule on the
 * generated 28-day history, with its table.
 *
 * <p>Usage: {@code AdaptiveBench [events] [seed]}.
 */
public final class AdaptiveBench {
    private AdaptiveBench() {}

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 27;
        AdaptiveRule rule = AdaptiveRule.defaults("p95-latency-spike").withConsecutive(2);
        int days = (int) Math.ceil(events / 288.0);
        MetricHistory h = HistoryGenerator.generate(seed, days, HistoryGenerator.DEFAULT_START);
        long[] t = Arrays.copyOf(h.times(), events);
        double[] v = Arrays.copyOf(h.values(), events);

        // Wall time and this thread's CPU time: on a machine shared with other builds the wall figure mostly measures
        // the wait for a core; the CPU figure is what the evaluation itself costs.
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        List<AdaptiveVerdict> first = new AdaptiveDetector(rule).evaluateAll(t, v);
        double firstMs = ms(t0);
        double firstCpuMs = (cpu.getCurrentThreadCpuTime() - c0) / 1e6;
        long anomalies = first.stream().filter(AdaptiveVerdict::anomalous).count();
        System.out.printf(Locale.ROOT, "adaptive evaluation of %,d events (5-minute points, seasonal hour_of_day, window 7d):"
                + " first run in this JVM %.1f ms wall, %.1f ms CPU (sprint: <= 1 s; goal < 100 ms after JVM start);"
                + " %,d anomalous; %.1f s since JVM start; load average %.1f on %d cores%n", events, firstMs, firstCpuMs,
                anomalies, ManagementFactory.getRuntimeMXBean().getUptime() / 1e3,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        double[] warm = new double[30];
        double[] warmCpu = new double[30];
        for (int i = -20; i < warm.length; i++) {
            long c = cpu.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            new AdaptiveDetector(rule).evaluateAll(t, v);
            if (i >= 0) {
                warm[i] = ms(s);
                warmCpu[i] = (cpu.getCurrentThreadCpuTime() - c) / 1e6;
            }
        }
        Arrays.sort(warm);
        Arrays.sort(warmCpu);
        System.out.printf(Locale.ROOT, "  warm: median %.2f ms wall (min %.2f, max %.2f), median %.2f ms CPU over %d runs"
                + " -> %,.0f events/s of CPU%n", warm[warm.length / 2], warm[0], warm[warm.length - 1],
                warmCpu[warmCpu.length / 2], warm.length, events / (warmCpu[warmCpu.length / 2] / 1e3));

        List<Sample> series = new ArrayList<>();
        for (int i = 0; i < 2_016 + 1 && i < h.size(); i++) { // 7 days of 5-minute samples, then the one judged
            series.add(new Sample(h.time(i), h.values()[i]));
        }
        Instant at = series.get(series.size() - 1).time();
        AdaptiveDetector d = new AdaptiveDetector(rule);
        AdaptiveVerdict one = null;
        double[] single = new double[200];
        for (int i = -200; i < single.length; i++) {
            long s = System.nanoTime();
            one = d.evaluate(series, at);
            if (i >= 0) {
                single[i] = (System.nanoTime() - s) / 1e3;
            }
        }
        Arrays.sort(single);
        System.out.printf(Locale.ROOT, "one verdict evaluate(series, at) over %,d samples: median %.0f us, max %.0f us%n",
                series.size(), single[single.length / 2], single[single.length - 1]);
        System.out.println("  " + one.explain());

        MetricHistory bt = HistoryGenerator.generate(seed, 28, HistoryGenerator.DEFAULT_START);
        long b0 = System.nanoTime();
        BacktestReport r = Backtest.run(bt, rule, null);
        System.out.printf(Locale.ROOT, "backtest, generated 28 days (seed %d, %,d points), fixed threshold searched: %.0f ms%n",
                seed, bt.size(), ms(b0));
        System.out.print(BacktestFormat.table(r).indent(2));
        System.out.println("(" + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms in all)");
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
