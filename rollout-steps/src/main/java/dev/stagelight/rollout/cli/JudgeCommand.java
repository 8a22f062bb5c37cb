package dev.stagelight.rollout.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stagelight.rollout.gate.judge.CanaryJudge;
import dev.stagelight.rollout.gate.judge.JudgeConfig;
import dev.stagelight.rollout.gate.judge.JudgeConfigs;
import dev.stagelight.rollout.gate.judge.JudgeJson;
import dev.stagelight.rollout.gate.judge.JudgeSamples;
import dev.stagelight.rollout.input.Loaded;
import dev.stagelight.rollout.input.Strictness;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code judge}: the statistical canary judge (Mann-Whitney, NetflixACAJudge scoring) on two sample files. */
@Command(name = "judge", mixinStandardHelpOptions = true,
        description = {"Judge a canary against its baseline from two sample files: per metric a Mann-Whitney U test",
            "(R's wilcox.test with its confidence interval) and an effect size classify it Pass, High, Low or Nodata;",
            "groups are scored as Kayenta's NetflixACAJudge does, and the weighted score meets the thresholds.",
            "",
            "Sample file (YAML or JSON), one per side:",
            "  metrics:",
            "    latency_p95: [0.212, 0.219, 0.207, \"NaN\"]",
            "    error_ratio: [[1767225600, 0.011], [1767225660, 0.012]]   # [time, value] pairs also do",
            "Without --config every metric found is judged with NetflixACAJudge's settings (tolerance 0.25,",
            "confidence 0.98, either direction, mean ratio 1.0/1.0, IQR outliers) and thresholds pass 75, marginal 50.",
            "",
            "Exit codes: 0 pass, 1 fail, 3 marginal or no data (inconclusive), 2 bad usage or unreadable input."})
public final class JudgeCommand implements Callable<Integer> {
    /** Marginal or no data: a person decides, as {@code rollout gate}'s inconclusive. */
    static final int INCONCLUSIVE = 3;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--baseline", required = true, paramLabel = "FILE", description = "The baseline's samples.")
    Path baseline;

    @Option(names = "--canary", required = true, paramLabel = "FILE", description = "The canary's samples.")
    Path canary;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Judge settings: thresholds, group_weights, defaults, metrics (see the README).")
    Path config;

    @Option(names = "--json", description = "Print the verdict as JSON (per-metric evidence) instead of lines.")
    boolean json;

    @Override
    public Integer call() {
        return CommandSupport.run(spec, () -> {
            JudgeConfig cfg = JudgeConfig.kayenta();
            if (config != null) {
                Loaded<JudgeConfig> loaded = JudgeConfigs.load(config, Strictness.STRICT);
                CommandSupport.printWarnings(spec, loaded.warnings());
                cfg = loaded.value();
            }
            Map<String, double[]> b = JudgeSamples.load(baseline);
            Map<String, double[]> c = JudgeSamples.load(canary);
            if (!cfg.metrics().isEmpty()) {
                Set<String> unjudged = new LinkedHashSet<>(b.keySet());
                unjudged.addAll(c.keySet());
                cfg.metrics().forEach(m -> unjudged.remove(m.name()));
                PrintWriter err = spec.commandLine().getErr();
                unjudged.forEach(n -> err.println("warning: metric '" + n + "' is in the samples but not in " + config
                        + "; not judged"));
                err.flush();
            }
            CanaryJudge.Result r = CanaryJudge.judge(cfg, c, b);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(JSON.writeValueAsString(JudgeJson.toJson(r)));
            } else {
                out.println(JudgeJson.summary(r));
                for (CanaryJudge.GroupScore g : r.groups()) {
                    out.printf(java.util.Locale.ROOT, "  group %s: %s (%d of %d scored metrics pass, weight %.2f)%n", g.name(),
                            g.noData() ? "no data" : String.format(java.util.Locale.ROOT, "%.2f", g.score()),
                            g.passed(), g.scored(), g.weight());
                }
                for (CanaryJudge.MetricResult m : r.metrics()) {
                    out.println("  " + m.verdict().explanation());
                }
            }
            out.flush();
            return switch (r.outcome()) {
                case PASS -> CommandSupport.OK;
                case FAIL -> CommandSupport.FAILED;
                case MARGINAL, NODATA -> INCONCLUSIVE;
            };
        });
    }
}
