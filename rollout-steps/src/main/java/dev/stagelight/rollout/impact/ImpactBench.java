package dev.stagelight.rollout.impact;

import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.plan.RolloutPlans;
import dev.stagelight.rollout.policy.PolicyLibrary;
import dev.stagelight.rollout.tenant.Tenant;
import dev.stagelight.rollout.tenant.Tenants;
import dev.stagelight.verifier.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Benchmark entry point (scripts/bench-impact.sh): impact analysis of the example plan over N synthetic scans held in
 * memory (the evaluation the goal is about), then the whole pipeline from a JSONL file.
 * Usage: {@code ImpactBench <examples/rollout dir> [scans] [jsonl scans]}.
 */
public final class ImpactBench {
    private ImpactBench() {}

    public static void main(String[] args) throws IOException {
        Path ex = Path.of(args.length > 0 ? args[0] : "examples/rollout");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int fileN = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        Tenants tenants = Tenants.load(ex.resolve("tenants.yaml"), Strictness.STRICT);
        RolloutPlan plan = RolloutPlans.load(ex.resolve("rollout-789.json"), Strictness.STRICT, tenants).value();
        PolicyLibrary lib = PolicyLibrary.load(ex.resolve("policies"), Strictness.STRICT);
        Clock clock = Clock.fixed(Instant.parse("2024-12-29T10:00:00Z"), ZoneOffset.UTC);
        Instant end = Instant.parse("2024-12-29T00:00:00Z");

        IntSummaryStatistics ruleCounts = new IntSummaryStatistics();
        Set<String> distinct = new HashSet<>();
        for (Tenant t : tenants.all()) {
            for (String v : List.of(plan.fromVersion(), plan.toVersion())) {
                var p = lib.effective(t, plan.policySet(), v);
                ruleCounts.accept(p.rules().size());
                p.rules().forEach(r -> distinct.add(r.origin().source() + "#" + r.rule().name()));
            }
        }
        System.out.printf(Locale.ROOT, "policies: %d files, %d rule definitions across levels and versions;"
                + " effective policies hold %d..%d rules (mean %.1f)%n", lib.size(), distinct.size(), ruleCounts.getMin(),
                ruleCounts.getMax(), ruleCounts.getAverage());

        long t0 = System.nanoTime();
        List<Scan> scans = new ArrayList<>(n);
        new ScanGenerator(789, tenants.all(), end, Duration.ofDays(30)).generate(n, scans::add);
        long findings = scans.stream().mapToLong(s -> s.findings().size()).sum();
        System.out.printf(Locale.ROOT, "generated %,d scans (%,d findings) in memory in %.2f s%n", n, findings, secs(t0));

        timed("example policies (7..10 effective rules per tenant)", plan, tenants, lib, clock, scans);

        // The same scans against one flat policy of exactly 20 rules per version (every example rule at one level).
        Path flat = Files.createTempDirectory("impact-bench-policies");
        try {
            RolloutPlan flatPlan = FlatPolicy.write(flat, lib, tenants, plan, 20);
            timed("flat policy, 20 rules per version", flatPlan, tenants, PolicyLibrary.load(flat, Strictness.STRICT), clock,
                    scans);
        } finally {
            FlatPolicy.delete(flat);
        }
        scans = null;

        Path dir = Files.createTempDirectory("impact-bench");
        Path file = dir.resolve("scans.jsonl");
        try {
            StringBuilder sb = new StringBuilder();
            new ScanGenerator(790, tenants.all(), end, Duration.ofDays(30)).generate(fileN, x -> ScanJson.appendLine(sb, x));
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.replace(file, bytes);
            // Three runs: the first includes JIT warm-up of the reader; the spread shows what one figure is worth.
            for (int run = 1; run <= 3; run++) {
                long t2 = System.nanoTime();
                ImpactAnalysis fa = new ImpactAnalysis(plan, tenants, lib, clock);
                ScanReader.forEach(file, Strictness.STRICT, fa::accept);
                ImpactReport fr = fa.report();
                double fs = secs(t2);
                System.out.printf(Locale.ROOT, "JSONL read + impact over %,d scans (%.0f MB), run %d: %.3f s -> %,.0f scans/s"
                        + " (%,d rule evaluations)%n", fileN, bytes.length / 1e6, run, fs, fileN / fs, fr.ruleEvaluations());
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static void timed(String what, RolloutPlan plan, Tenants tenants, PolicyLibrary lib, Clock clock, List<Scan> scans) {
        // Warm-up: let the JIT compile the evaluation closures before timing.
        for (int i = 0; i < 3; i++) {
            ImpactAnalysis warm = new ImpactAnalysis(plan, tenants, lib, clock);
            scans.subList(0, Math.min(scans.size(), 100_000)).forEach(warm::accept);
        }
        long t1 = System.nanoTime();
        ImpactAnalysis a = new ImpactAnalysis(plan, tenants, lib, clock);
        scans.forEach(a::accept);
        ImpactReport r = a.report();
        double s = secs(t1);
        System.out.printf(Locale.ROOT, "impact, %s, from + to version over %,d scans: %.3f s  (goal < 5 s)%n", what,
                scans.size(), s);
        System.out.printf(Locale.ROOT, "  %,d rule evaluations -> %,.0f rule evaluations/s, %,.0f scans/s%n",
                r.ruleEvaluations(), r.ruleEvaluations() / s, scans.size() / s);
        System.out.printf(Locale.ROOT, "  result: %,d analysed, %,d new failures, change %s, %s%n", r.totalScansAnalyzed(),
                r.predictedNewFailures(), ImpactReportFormat.signedPercent(r.failureRateChange()), r.recommendation());
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
