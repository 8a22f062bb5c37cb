package dev.stagelight.rollout.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stagelight.rollout.impact.ScanReader;
import dev.stagelight.rollout.plan.Strategy;
import dev.stagelight.rollout.plan.StrategyConfig;
import dev.stagelight.rollout.state.Numbers;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.strategy.VerdictComparison;
import dev.stagelight.verifier.io.AtomicFiles;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code compare}: blue-green's side-by-side evaluation of both versions over a window of scans. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Blue-green: evaluate every scan of the rollout's tenants in the window under from_version (blue)",
            "and to_version (green), compare the verdicts and say SWITCH (match rate >= switch_threshold) or STAY with",
            "the mismatching verdicts. Window: --since/--until (live: the compare stage's window), default the last",
            "comparison_period of the history. --observations-out writes what 'advance' judges the compare stage on.",
            "Exit 0 switch, 1 stay, 2 bad input."})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PlanInputs inputs;

    @Option(names = "--scans", required = true, description = "Scans (JSONL): the history, or those recorded while comparing.")
    Path scans;

    @Option(names = "--since", description = "Window start (RFC 3339, inclusive).")
    String since;

    @Option(names = "--until", description = "Window end (RFC 3339, exclusive).")
    String until;

    @Option(names = "--observations-out", description = "Write the compare stage's observations (JSON) for advance.")
    Path observationsOut;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() {
        return CommandSupport.run(spec, () -> {
            PlanInputs.Planned p = inputs.load(spec);
            if (p.plan().strategy() != Strategy.BLUE_GREEN) {
                throw new IllegalArgumentException("--plan " + inputs.plan + ": compare is for strategy blue_green, this plan is "
                        + p.plan().strategy().spelling());
            }
            StrategyConfig.BlueGreen c = (StrategyConfig.BlueGreen) p.plan().config().orElseThrow();
            var strictness = CommandSupport.strictness(inputs.lenient);
            Instant end = until == null ? null : instant("--until", until);
            Instant start = since == null ? null : instant("--since", since);
            if (end == null) {
                Instant[] latest = {null};
                ScanReader.forEach(scans, strictness, s -> latest[0] = latest[0] == null || s.time().isAfter(latest[0])
                        ? s.time() : latest[0]);
                if (latest[0] == null) {
                    throw new IllegalArgumentException("--scans " + scans + ": no scans to compare");
                }
                end = latest[0].plusNanos(1);
            }
            if (start == null) {
                start = end.minus(c.comparisonPeriod());
            }
            VerdictComparison cmp = new VerdictComparison(p.tenants(), p.library(), p.plan().policySet(),
                    p.plan().fromVersion(), p.plan().toVersion(), new HashSet<>(p.stages().allTenants()), start, end,
                    c.verdictMatchRate());
            CommandSupport.printWarnings(spec, ScanReader.forEach(scans, strictness, cmp::accept).warnings());
            VerdictComparison.Result r = cmp.result();
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? json(r) : text(p.plan().fromVersion(), p.plan().toVersion(), r));
            if (observationsOut != null) {
                AtomicFiles.replace(observationsOut, observations(r).getBytes(StandardCharsets.UTF_8));
                out.println("wrote " + observationsOut);
            }
            out.flush();
            return r.switches() ? CommandSupport.OK : CommandSupport.FAILED;
        });
    }

    private static Instant instant(String option, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " " + value + ": expected an RFC 3339 instant such as 2024-12-29T11:00:00Z");
        }
    }

    static String text(String blue, String green, VerdictComparison.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Blue-green %s (blue) vs %s (green): %d scans compared from %s to %s (%d outside or skipped)%n",
                blue, green, r.compared(), r.since(), r.until(), r.skipped()));
        sb.append(String.format("  verdict match rate %s%% (threshold %s%%): %s%n", Numbers.plain(Math.round(r.matchRate() * 10000) / 100.0),
                Numbers.plain(r.threshold() * 100), r.switches() ? "SWITCH to " + green
                        : r.compared() == 0 ? "STAY on " + blue + " (no scan in the window: nothing decides a switch)"
                        : "STAY on " + blue + ", " + r.mismatchCount() + " mismatching verdicts"));
        if (!r.switches() && !r.mismatches().isEmpty()) {
            sb.append(String.format("  %-34s %-28s %-20s %-5s %-5s %s%n", "tenant", "image", "time", "blue", "green", "deciding rule"));
            for (VerdictComparison.Mismatch m : r.mismatches()) {
                sb.append(String.format("  %-34s %-28s %-20s %-5s %-5s %s%n", m.tenant(), m.image(), m.time(), m.blue(),
                        m.green(), m.rule() == null ? "-" : m.rule()));
            }
            if (r.mismatchCount() > r.mismatches().size()) {
                sb.append("  ... ").append(r.mismatchCount() - r.mismatches().size()).append(" more\n");
            }
        }
        return sb.toString();
    }

    private static Map<String, Object> tree(VerdictComparison.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("since", r.since().toString());
        m.put("until", r.until().toString());
        m.put("scans_compared", r.compared());
        m.put("scans_skipped", r.skipped());
        m.put("verdict_match_rate", r.matchRate());
        m.put("switch_threshold", r.threshold());
        m.put("decision", r.switches() ? "switch" : "stay");
        m.put("mismatching_verdicts", r.mismatchCount());
        List<Map<String, Object>> list = new ArrayList<>();
        for (VerdictComparison.Mismatch x : r.mismatches()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("tenant", x.tenant());
            e.put("image", x.image());
            e.put("time", x.time().toString());
            e.put("blue", x.blue());
            e.put("green", x.green());
            e.put("rule", x.rule());
            list.add(e);
        }
        m.put("mismatches", list);
        return m;
    }

    private static String json(VerdictComparison.Result r) throws Exception {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
                Map.of("blue_green_comparison", tree(r))) + "\n";
    }

    /** The flat observations file {@code advance --observations} reads. */
    static String observations(VerdictComparison.Result r) throws Exception {
        StageObservations o = r.observations();
        Map<String, Object> m = new LinkedHashMap<>();
        if (!o.available()) {
            m.put("available", false);
        } else {
            m.put("scans_evaluated", o.scansEvaluated());
            m.put("new_failures", o.newFailures());
            m.put("failure_rate_before", o.failureRateBefore());
            m.put("failure_rate_after", o.failureRateAfter());
            m.put("new_critical_blocks", o.newCriticalBlocks());
            m.put("metrics", new java.util.TreeMap<>(o.metrics()));
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
    }
}
