package dev.stagelight.verifier.check;

import java.util.List;

/**
 * The result of one verifier command: every check made, and how much was read to make them.
 *
 * @param command  {@code index}, {@code consistency} or {@code bundle}
 * @param target   the index (folder or URL) or export folder verified
 * @param checks   checks in the order they were made; failures of one check beyond
 *                 {@link ReportBuilder#MAX_FAILURES_PER_CHECK} are summarised in one failed check at the end
 * @param treeSize size of the checkpoint verified against (-1 when no checkpoint could be read)
 * @param entries  number of entries verified
 * @param filesRead number of files read from the index and the export folder
 * @param bytesRead number of bytes read
 */
public record Report(String command, String target, List<Check> checks, long treeSize, long entries,
        long filesRead, long bytesRead) {
    public Report {
        checks = List.copyOf(checks);
    }

    /** True when no check failed and at least one passed. */
    public boolean verified() {
        return checks.stream().noneMatch(c -> c.status() == CheckStatus.FAILED)
                && checks.stream().anyMatch(c -> c.status() == CheckStatus.OK);
    }

    public List<Check> failures() {
        return checks.stream().filter(c -> c.status() == CheckStatus.FAILED).toList();
    }
}
