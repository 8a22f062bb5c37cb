package dev.stagelight.verifier.cli;

import dev.stagelight.verifier.check.ConsistencyVerifier;
import dev.stagelight.verifier.check.Report;
import dev.stagelight.verifier.check.ReportBuilder;
import dev.stagelight.verifier.check.SignedCheckpoint;
import dev.stagelight.verifier.check.Trust;
import dev.stagelight.verifier.check.WitnessCheck;
import dev.stagelight.verifier.check.WitnessPolicy;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.SignedNote;
import dev.stagelight.verifier.report.HumanSummary;
import dev.stagelight.verifier.report.JsonReport;
import dev.stagelight.verifier.report.JunitReport;
import dev.stagelight.verifier.source.CountingSource;
import dev.stagelight.verifier.source.DirectorySource;
import dev.stagelight.verifier.source.IndexSource;
import dev.stagelight.verifier.source.IndexSources;
import dev.stagelight.verifier.state.CheckpointState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every command shares: trust and output options, reading and checking the index checkpoint, the
 * {@code --state} guard (refuse a checkpoint not provably consistent with the last one accepted; update the
 * state only after success), and turning results and errors into output and exit codes.
 */
abstract class VerifyCommand implements Callable<Integer> {
    @Mixin
    TrustOptions trustOptions = new TrustOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    WitnessOptions witnessOptions = new WitnessOptions();

    /** The clock that cosignature times are judged by; tests may fix it. */
    Clock clock = Clock.systemUTC();

    @Option(names = "--state", paramLabel = "FILE", description = "Last accepted checkpoint. Refuse (exit 1) a"
            + " checkpoint that does not provably extend it; store the new one after a successful run.")
    Path state;

    @Option(names = "--max-file-size", paramLabel = "BYTES", description = "Largest file read from the index"
            + " (default ${DEFAULT-VALUE}).")
    long maxFileSize = DirectorySource.DEFAULT_MAX_BYTES;

    @Option(names = "--threads", paramLabel = "N", description = "Threads that check manifests (default: cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    PrintStream out = System.out;
    PrintStream err = System.err;

    void streams(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The index folder or URL the command reads. */
    abstract String indexLocation();

    abstract String commandName();

    /** Runs the command's own checks against the verified current checkpoint. */
    abstract Optional<String> verify(Trust trust, SignedCheckpoint current, CountingSource index,
            ReportBuilder report) throws IOException, UsageException;

    /** True when the command reads {@code --state} itself (follow); the common guard is then skipped. */
    boolean checksStateItself() {
        return false;
    }

    /** Files read outside the index (the export folder), for the report. */
    long extraFilesRead() {
        return 0;
    }

    long extraBytesRead() {
        return 0;
    }

    @Override
    public Integer call() {
        try {
            return execute();
        } catch (UsageException e) {
            return error(e.getMessage(), e);
        } catch (IOException e) {
            return error(IoMessages.describe(e), e);
        } catch (UncheckedIOException e) {
            return error(IoMessages.describe(e.getCause()), e);
        } catch (IllegalArgumentException e) {
            return error(e.getMessage(), e);
        }
    }

    private int execute() throws IOException, UsageException {
        Trust trust = trustOptions.toTrust();
        Optional<WitnessPolicy> witnesses = witnessOptions.toPolicy();
        if (maxFileSize < 1024) {
            throw new UsageException("--max-file-size " + maxFileSize + ": expected at least 1024 bytes");
        }
        StartupTrace.mark("trusted keys read");
        CountingSource index = new CountingSource(IndexSources.open(indexLocation(), maxFileSize));
        ReportBuilder report = new ReportBuilder(commandName(), index.describe(""));
        SignedCheckpoint current;
        try {
            current = SignedCheckpoint.fetch(index, trust.logKeys());
        } catch (NoteException e) {
            report.failed("checkpoint-signature", e.getMessage());
            return finish(report, index, Optional.empty());
        }
        StartupTrace.mark("checkpoint verified");
        report.treeSize(current.size());
        if (!current.checkOrigin(trust.origin(), report)) {
            return finish(report, index, Optional.empty());
        }
        // A checkpoint too few witnesses vouch for may be one view of a split log: nothing checked against it counts.
        if (witnesses.isPresent() && !checkWitnesses(current, witnesses.get(), report)) {
            return finish(report, index, Optional.empty());
        }
        CheckpointState stateFile = state == null ? null : new CheckpointState(state);
        if (stateFile != null && !checksStateItself()) {
            Optional<String> evidence = checkState(stateFile, trust, current, index, report);
            if (report.hasFailures()) {
                return finish(report, index, evidence);
            }
        }
        Optional<String> evidence = verify(trust, current, index, report);
        StartupTrace.mark(commandName() + " checks done");
        int code = finish(report, index, evidence);
        StartupTrace.mark("report printed");
        if (code == VerifierCli.OK && stateFile != null) {
            stateFile.store(current.note());
        }
        return code;
    }

    private boolean checkWitnesses(SignedCheckpoint current, WitnessPolicy policy, ReportBuilder report) {
        SignedNote note;
        try {
            note = SignedNote.parse(current.note());
        } catch (NoteException e) {
            throw new IllegalStateException("a verified checkpoint must parse again", e);
        }
        return WitnessCheck.check(note, current.source(), policy, clock.instant(), report);
    }

    /** Checks the current checkpoint against the stored one; returns fork evidence when they disagree. */
    private Optional<String> checkState(CheckpointState stateFile, Trust trust, SignedCheckpoint current,
            IndexSource index, ReportBuilder report) throws IOException, UsageException {
        Optional<SignedCheckpoint> trusted = storedCheckpoint(stateFile, trust);
        if (trusted.isEmpty()) {
            report.ok("state", stateFile.file() + ": no checkpoint stored yet; trusting "
                    + current.source() + " (size " + current.size() + ") on first use");
            return Optional.empty();
        }
        return ConsistencyVerifier.check(trusted.get(), current, index, report, "state");
    }

    /** The checkpoint kept in the state file, its signature checked; empty when none is stored yet. */
    static Optional<SignedCheckpoint> storedCheckpoint(CheckpointState stateFile, Trust trust)
            throws IOException, UsageException {
        Optional<byte[]> stored = stateFile.load();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SignedCheckpoint.open(stored.get(), trust.logKeys(), stateFile.file().toString()));
        } catch (NoteException e) {
            throw new UsageException("--state " + e.getMessage() + " (the state file must hold a checkpoint"
                    + " signed by a --log-key)");
        }
    }

    int finish(Report built, Optional<String> evidence) throws IOException {
        evidence.ifPresent(err::print);
        if (output.json) {
            JsonReport.write(built, out);
        } else {
            out.print(HumanSummary.render(built));
            out.flush();
        }
        if (output.junit != null) {
            JunitReport.write(built, output.junit);
        }
        return built.verified() ? VerifierCli.OK : VerifierCli.FAILED;
    }

    private int finish(ReportBuilder report, CountingSource index, Optional<String> evidence) throws IOException {
        return finish(report.build(index.files() + extraFilesRead(), index.bytes() + extraBytesRead()), evidence);
    }

    void progress(long entries, long total) {
        if (!output.quiet && entries > 0 && entries < total) {
            err.println("verified " + entries + " of " + total + " entries");
        }
    }

    private int error(String message, Exception e) {
        err.println("error: " + message);
        if (output.debug) {
            e.printStackTrace(err);
        }
        return VerifierCli.USAGE;
    }
}
