package dev.stagelight.verifier.cli;

import dev.stagelight.verifier.check.AppendVerifier;
import dev.stagelight.verifier.check.ConsistencyVerifier;
import dev.stagelight.verifier.check.IndexVerifier;
import dev.stagelight.verifier.check.ReportBuilder;
import dev.stagelight.verifier.check.SignedCheckpoint;
import dev.stagelight.verifier.check.Trust;
import dev.stagelight.verifier.source.CountingSource;
import dev.stagelight.verifier.state.CheckpointState;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code follow}: a monitor's run. From the checkpoint stored in {@code --state}, verify only what the index added
 * since (consistency proof, then each new entry: format, chain, inclusion, manifest digest and signature), reading
 * O(k + log n) files, and store the new checkpoint only after all of it holds. A fork or a rollback fails with both
 * signed checkpoints printed. Without a state file yet, the whole index is verified once (as {@code index}).
 */
@Command(name = "follow", mixinStandardHelpOptions = true,
        description = "Verify only what is new since the checkpoint in --state (consistency, then each new entry:"
                + " format, chain, inclusion, manifest digest and signature), then store the new checkpoint. The"
                + " first run (no state file) verifies the whole index. Run it on a schedule: a monitor.")
final class FollowCommand extends VerifyCommand {
    @Parameters(index = "0", paramLabel = "DIR|URL", description = "The index: a folder or an http(s) URL.")
    String index;

    @Override
    String indexLocation() {
        return index;
    }

    @Override
    String commandName() {
        return "follow";
    }

    @Override
    boolean checksStateItself() {
        return true;
    }

    @Override
    Optional<String> verify(Trust trust, SignedCheckpoint current, CountingSource source, ReportBuilder report)
            throws IOException, UsageException {
        if (state == null) {
            throw new UsageException("follow needs --state FILE (where the last verified checkpoint is kept)");
        }
        CheckpointState stateFile = new CheckpointState(state);
        Optional<SignedCheckpoint> stored = storedCheckpoint(stateFile, trust);
        if (stored.isEmpty()) {
            report.ok("state", stateFile.file() + ": no checkpoint stored yet; verifying the whole index (size "
                    + current.size() + ") once");
            new IndexVerifier(trust, threads, n -> progress(n, current.size())).verify(current, source, report);
            return Optional.empty();
        }
        SignedCheckpoint trusted = stored.get();
        report.ok("state", stateFile.file() + ": last verified at tree size " + trusted.size());
        Optional<String> evidence = ConsistencyVerifier.check(trusted, current, source, report, "consistency");
        if (report.hasFailures() || current.size() == trusted.size()) {
            return evidence;
        }
        new AppendVerifier(trust, threads).verifyNew(source, trusted, current, true, report);
        return Optional.empty();
    }
}
