package dev.stagelight.rollout.pipeline;

import dev.stagelight.rollout.impact.ImpactAnalysis;
import dev.stagelight.rollout.impact.ImpactReport;
import dev.stagelight.rollout.impact.ImpactReportFormat;
import dev.stagelight.rollout.impact.Recommendation;
import dev.stagelight.rollout.impact.ScanReader;
import dev.stagelight.rollout.input.InputWarning;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One impact analysis over a scans file, as {@code rollout impact} runs it: the report, its table and JSON tree. */
public final class ImpactRun {
    private ImpactRun() {}

    public record Result(ImpactReport report, List<InputWarning> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }

        /** The readable table {@code rollout impact} prints. */
        public String table() {
            return ImpactReportFormat.table(report);
        }

        /** The {@code impact_analysis} JSON tree (maps, lists, strings, numbers, booleans). */
        public Map<String, Object> tree() {
            return ImpactReportFormat.jsonTree(report);
        }

        public boolean doNotProceed() {
            return report.recommendation() == Recommendation.DO_NOT_PROCEED;
        }
    }

    public static Result run(PlanFiles files, Path scans, Clock clock) {
        PlanFiles.Planned p = files.load();
        ImpactAnalysis analysis = new ImpactAnalysis(p.plan(), p.tenants(), p.library(), clock);
        List<InputWarning> warnings = new ArrayList<>(p.warnings());
        warnings.addAll(ScanReader.forEach(scans, files.strictness(), analysis::accept).warnings());
        return new Result(analysis.report(), warnings);
    }
}
