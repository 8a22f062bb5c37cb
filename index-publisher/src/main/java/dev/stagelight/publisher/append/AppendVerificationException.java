package dev.stagelight.publisher.append;

import dev.stagelight.verifier.check.Check;
import dev.stagelight.verifier.check.Report;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The append completed and its checkpoint is published, but reading the index back did not verify: a file on disk
 * differs from what was signed (disk fault, a process writing into the folder). Unlike other {@link AppendException}s,
 * something was signed; the message says which checkpoint is out and what failed.
 */
public final class AppendVerificationException extends AppendException {
    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 3;

    private final transient Report report;

    AppendVerificationException(Report report, long fromSize, long toSize, Path checkpoint) {
        super(message(report, fromSize, toSize, checkpoint));
        this.report = report;
    }

    /** Every check of the failed verification. */
    public Report report() {
        return report;
    }

    private static String message(Report report, long fromSize, long toSize, Path checkpoint) {
        List<Check> failures = report.failures();
        String shown = failures.stream().limit(SHOWN).map(c -> c.name() + ": " + c.message())
                .collect(Collectors.joining("; "));
        String more = failures.size() > SHOWN ? " (and " + (failures.size() - SHOWN) + " more)" : "";
        return checkpoint + ": the new checkpoint (tree size " + toSize + ", extending size " + fromSize
                + ") is published, but the index does not verify when read back: " + shown + more
                + ". Verifying readers will refuse it until the files named are restored; do not append before"
                + " the verifier's index command passes.";
    }
}
