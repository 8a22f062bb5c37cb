package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.gate.adaptive.AdaptiveRule;
import dev.stagelight.rollout.gate.adaptive.AdaptiveRules;
import dev.stagelight.rollout.gate.adaptive.Backtest;
import dev.stagelight.rollout.gate.adaptive.BacktestFormat;
import dev.stagelight.rollout.gate.adaptive.BacktestReport;
import dev.stagelight.rollout.gate.adaptive.FixedThreshold;
import dev.stagelight.rollout.gate.adaptive.HistoryCsv;
import dev.stagelight.rollout.gate.adaptive.HistoryGenerator;
import dev.stagelight.rollout.gate.adaptive.MetricHistory;
import dev.stagelight.rollout.input.InputDocument;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.gate.adaptive.Tuner;
import dev.stagelight.verifier.io.AtomicFiles;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backtest}: replays a labelled metric history through an adaptive rule and a fixed threshold. */
@Command(name = "backtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay a metric history with labelled incidents through an adaptive threshold rule (EWMA + MAD",
            "robust z-score, seasonal baseline) and through a fixed threshold on the same points; report alerts, false",
            "positives, detection power and time to detect for both. The guardrail refuses a rule whose detection power",
            "is below its min_power (exit 1).",
            "",
            "History file (CSV, '#' lines are comments):",
            "  timestamp,value,incident",
            "  2026-11-09T03:15:00Z,0.1874,inc-01",
            "timestamp: RFC 3339 or Unix seconds, strictly ascending; value: a number or NaN; incident (optional column):",
            "empty, or the id of the labelled incident the point belongs to (an incident runs from its first labelled",
            "point to its last; its points are contiguous).",
            "",
            "Without --fixed-above/--fixed-below the fixed rival is searched: the strictest threshold that detects as",
            "many incidents as the rule, so alert counts compare at the same detection power.",
            "",
            "--generate FILE writes a synthetic history (5-minute p95 latency with daily seasonality, noise, benign",
            "blips and labelled incidents, the same for the same --seed) and exits; then backtest it with --history.",
            "",
            "--tune backtests a grid of alpha, threshold and consecutive first and keeps the combination with the",
            "fewest alerts whose detection power reaches min_power (--write-rules FILE stores it).",
            "Exit codes: 0 ok, 1 the guardrail refused the rule (or no tuned combination reaches min_power),",
            "2 bad usage or input."})
public final class BacktestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--history", description = "Metric history (CSV: timestamp,value[,incident]).")
    Path history;

    @Option(names = "--rules", description = "Adaptive rules (YAML or JSON, 'rules:' as sprint 27 section 3.4);"
            + " default: one seasonal hour-of-day rule with the defaults.")
    Path rules;

    @Option(names = "--rule", description = "Rule id in --rules (needed when the file holds several).")
    String ruleId;

    @Option(names = "--alpha", description = "Override the rule's alpha.")
    Double alpha;

    @Option(names = "--threshold", description = "Override the rule's z threshold.")
    Double threshold;

    @Option(names = "--consecutive", description = "Override the rule's consecutive points.")
    Integer consecutive;

    @Option(names = "--min-power", description = "Override the rule's min_power.")
    Double minPower;

    @Option(names = "--fixed-above", description = "Fixed rival: flag values above this.")
    Double fixedAbove;

    @Option(names = "--fixed-below", description = "Fixed rival: flag values below this.")
    Double fixedBelow;

    @Option(names = "--tune", description = {"Auto-tune the rule first (KR3.2): backtest a grid of alpha x threshold x",
        "consecutive and keep the one with the fewest alerts whose power reaches min_power."})
    boolean tune;

    @Option(names = "--write-rules", paramLabel = "FILE", description = "With --tune: store the tuned rule in FILE"
            + " (rules YAML, replaced atomically).")
    Path writeRules;

    @Option(names = "--json", description = "Print the backtest as JSON instead of the table.")
    boolean json;

    @Option(names = "--generate", paramLabel = "FILE", description = "Write a synthetic history to FILE and exit.")
    Path generate;

    @Option(names = "--days", defaultValue = "28", description = "With --generate: days of history (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "27", description = "With --generate: random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", description = "With --generate: first timestamp, RFC 3339 (default: 2026-11-02T00:00:00Z).")
    Instant start;

    @Option(names = "--lenient", description = "Unknown fields in --rules are warnings instead of errors.")
    boolean lenient;

    @Override
    public Integer call() {
        return CommandSupport.run(spec, () -> {
            PrintWriter out = spec.commandLine().getOut();
            if (generate != null) {
                if (history != null) {
                    throw new IllegalArgumentException("give either --generate FILE or --history FILE, not both");
                }
                MetricHistory h = HistoryGenerator.generate(seed, days, start != null ? start : HistoryGenerator.DEFAULT_START);
                HistoryCsv.write(generate, h, HistoryGenerator.describe(seed, days, h));
                out.printf("wrote %d points over %d days with %d labelled incidents to %s (seed %d)%n", h.size(), days,
                        h.incidents().size(), generate, seed);
                out.flush();
                return CommandSupport.OK;
            }
            if (history == null) {
                throw new IllegalArgumentException("give --history FILE (or --generate FILE to write one)");
            }
            AdaptiveRule rule = rule();
            FixedThreshold fixed = fixedAbove == null && fixedBelow == null ? null : new FixedThreshold(fixedAbove, fixedBelow);
            MetricHistory h = HistoryCsv.read(history);
            if (writeRules != null && !tune) {
                throw new IllegalArgumentException("--write-rules needs --tune");
            }
            if (tune) {
                Tuner.Result tuned = Tuner.tune(h, rule);
                if (tuned.best().isEmpty()) {
                    PrintWriter err = spec.commandLine().getErr();
                    err.printf("refused: no combination of alpha %s, threshold %s, consecutive %s reaches min_power %s"
                            + " for rule '%s' on %s%n", Arrays.toString(Tuner.ALPHAS), Arrays.toString(Tuner.THRESHOLDS),
                            Arrays.toString(Tuner.CONSECUTIVE), rule.minPower(), rule.id(), history);
                    err.flush();
                    return CommandSupport.FAILED;
                }
                AdaptiveRule before = rule;
                rule = tuned.best().get().rule();
                PrintWriter info = json ? spec.commandLine().getErr() : out;
                info.printf("tuned over %d combinations (%d reach min_power %s): alpha %s -> %s, threshold %s -> %s,"
                        + " consecutive %d -> %d%n", tuned.trials().size(),
                        tuned.trials().stream().filter(Tuner.Trial::powerful).count(), rule.minPower(), before.alpha(),
                        rule.alpha(), before.threshold(), rule.threshold(), before.consecutive(), rule.consecutive());
                if (writeRules != null) {
                    AtomicFiles.replace(writeRules, AdaptiveRules.yaml(List.of("tuned by rollout backtest --tune on "
                            + history.getFileName()), List.of(rule)).getBytes(StandardCharsets.UTF_8));
                    info.printf("stored the tuned rule in %s%n", writeRules);
                }
                info.flush();
            }
            BacktestReport r = Backtest.run(h, rule, fixed);
            out.print(json ? BacktestFormat.json(r) : BacktestFormat.table(r));
            out.flush();
            if (!r.guardrailHolds()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("refused: " + r.guardrailRefusal());
                err.flush();
                return CommandSupport.FAILED;
            }
            return CommandSupport.OK;
        });
    }

    private AdaptiveRule rule() {
        AdaptiveRule r;
        if (rules == null) {
            if (ruleId != null) {
                throw new IllegalArgumentException("--rule needs --rules FILE");
            }
            r = AdaptiveRule.defaults("default");
        } else {
            InputDocument doc = InputLoader.load(rules, CommandSupport.strictness(lenient));
            Map<String, AdaptiveRule> all = AdaptiveRules.read(doc);
            CommandSupport.printWarnings(spec, doc.warnings());
            if (ruleId != null) {
                r = all.get(ruleId);
                if (r == null) {
                    throw new IllegalArgumentException("no rule '" + ruleId + "' in " + rules + " (have: "
                            + String.join(", ", all.keySet()) + ")");
                }
            } else if (all.size() == 1) {
                r = all.values().iterator().next();
            } else {
                throw new IllegalArgumentException(rules + " holds " + all.size() + " rules (" + String.join(", ",
                        all.keySet()) + "): name one with --rule");
            }
        }
        if (alpha != null) {
            r = r.withAlpha(alpha);
        }
        if (threshold != null) {
            r = r.withThreshold(threshold);
        }
        if (consecutive != null) {
            r = r.withConsecutive(consecutive);
        }
        if (minPower != null) {
            r = r.withMinPower(minPower);
        }
        return r;
    }
}
