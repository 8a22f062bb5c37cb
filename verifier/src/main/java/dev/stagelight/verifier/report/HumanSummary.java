package dev.stagelight.verifier.report;

import dev.stagelight.verifier.check.Check;
import dev.stagelight.verifier.check.CheckStatus;
import dev.stagelight.verifier.check.Report;

/** The default output: one line per check, then a verdict line a person reads first. */
public final class HumanSummary {
    private HumanSummary() {}

    public static String render(Report report) {
        StringBuilder b = new StringBuilder();
        for (Check c : report.checks()) {
            String mark = switch (c.status()) {
                case OK -> "ok     ";
                case FAILED -> "FAILED ";
                case SKIPPED -> "skipped";
            };
            b.append(mark).append(' ').append(c.name()).append(": ").append(c.message()).append('\n');
        }
        long failed = report.checks().stream().filter(c -> c.status() == CheckStatus.FAILED).count();
        b.append(report.verified() ? "VERIFIED" : "NOT VERIFIED").append(": ").append(report.command()).append(' ')
                .append(report.target());
        if (report.treeSize() >= 0) {
            b.append(" (tree size ").append(report.treeSize()).append(')');
        }
        b.append("; ").append(report.checks().size()).append(" checks, ").append(failed).append(" failed, ")
                .append(report.filesRead()).append(" files read\n");
        return b.toString();
    }
}
