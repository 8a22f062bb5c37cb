package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.impact.ImpactAnalysis;
import dev.stagelight.rollout.impact.ImpactReport;
import dev.stagelight.rollout.impact.ImpactReportFormat;
import dev.stagelight.rollout.impact.Recommendation;
import dev.stagelight.rollout.impact.ScanReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stagelight.rollout.cohort.BlastRadius;
import dev.stagelight.rollout.cohort.PlannedStage;
import dev.stagelight.rollout.cohort.StagePlan;
import dev.stagelight.rollout.cohort.StagePlanTable;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code impact}: predicts what a rollout plan changes by replaying historical scans under both versions. */
@Command(name = "impact", mixinStandardHelpOptions = true,
        description = {"Replay historical scans under the plan's from_version and to_version (each resolved per tenant",
            "through policy inheritance) and predict new failures, the failure-rate change, affected images, teams and",
            "rules, with a recommendation. Exit code 1 when the recommendation is DO_NOT_PROCEED."})
public final class ImpactCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PlanInputs inputs;

    @Option(names = "--scans", required = true, description = "Historical scans (JSONL).")
    Path scans;

    @Option(names = "--json", description = "Print the impact_analysis JSON instead of the table.")
    boolean json;

    private final Clock clock;

    public ImpactCommand() {
        this(Clock.systemUTC());
    }

    public ImpactCommand(Clock clock) {
        this.clock = clock;
    }

    /** The flow's impact JSON with {@code impact_analysis.blast_radius}: what each stage adds, and the warnings. */
    private static String jsonWithBlastRadius(ImpactReport report, StagePlan stages) throws Exception {
        Map<String, Object> analysis = new LinkedHashMap<>(castMap((Map<?, ?>) ImpactReportFormat.jsonTree(report)
                .get("impact_analysis")));
        analysis.put("blast_radius", StagePlanTable.blastRadiusJson(stages));
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(Map.of("impact_analysis", analysis)) + "\n";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static String blastRadiusText(StagePlan p) {
        StringBuilder sb = new StringBuilder("\n  blast radius (what each stage switches):\n");
        for (PlannedStage s : p.stages()) {
            sb.append(String.format(Locale.ROOT, "  %-24s +%d tenants, +%s of the scan volume (cumulative %d tenants, %s)%n",
                    s.name(), s.added().size(), pct(BlastRadius.addedVolumeShare(p, s)), s.tenants().size(), pct(s.volumeShare())));
        }
        return sb.append(StagePlanTable.warningsText(p)).toString();
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    @Override
    public Integer call() {
        return CommandSupport.run(spec, () -> {
            PlanInputs.Planned p = inputs.load(spec);
            ImpactAnalysis analysis = new ImpactAnalysis(p.plan(), p.tenants(), p.library(), clock);
            CommandSupport.printWarnings(spec,
                    ScanReader.forEach(scans, CommandSupport.strictness(inputs.lenient), analysis::accept).warnings());
            ImpactReport report = analysis.report();
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? jsonWithBlastRadius(report, p.stages()) : ImpactReportFormat.table(report)
                    + blastRadiusText(p.stages()));
            out.flush();
            return report.recommendation() == Recommendation.DO_NOT_PROCEED ? CommandSupport.FAILED : CommandSupport.OK;
        });
    }
}
