package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.impact.ImpactAnalysis;
import dev.stagelight.rollout.impact.ImpactReport;
import dev.stagelight.rollout.impact.ImpactReportFormat;
import dev.stagelight.rollout.impact.Recommendation;
import dev.stagelight.rollout.impact.ScanReader;
import java.io.PrintWriter;
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

    @Override
    public Integer call() {
        return CommandSupport.run(spec, () -> {
            PlanInputs.Planned p = inputs.load(spec);
            ImpactAnalysis analysis = new ImpactAnalysis(p.plan(), p.tenants(), p.library(), clock);
            CommandSupport.printWarnings(spec,
                    ScanReader.forEach(scans, CommandSupport.strictness(inputs.lenient), analysis::accept).warnings());
            ImpactReport report = analysis.report();
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? ImpactReportFormat.json(report) : ImpactReportFormat.table(report));
            out.flush();
            return report.recommendation() == Recommendation.DO_NOT_PROCEED ? CommandSupport.FAILED : CommandSupport.OK;
        });
    }
}
