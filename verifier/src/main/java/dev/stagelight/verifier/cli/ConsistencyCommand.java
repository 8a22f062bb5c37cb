package dev.stagelight.verifier.cli;

import dev.stagelight.verifier.check.ConsistencyVerifier;
import dev.stagelight.verifier.check.ReportBuilder;
import dev.stagelight.verifier.check.SignedCheckpoint;
import dev.stagelight.verifier.check.Trust;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.source.CountingSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "consistency", mixinStandardHelpOptions = true,
        description = "Prove that the index's current checkpoint extends an earlier one (append-only; catches"
                + " rollback and forks). Both checkpoints must be signed by a --log-key.")
final class ConsistencyCommand extends VerifyCommand {
    @Parameters(index = "0", paramLabel = "DIR|URL", description = "The index: a folder or an http(s) URL.")
    String index;

    @Option(names = "--since", required = true, paramLabel = "FILE", description = "The earlier signed checkpoint.")
    Path since;

    private long sinceBytes;

    @Override
    String indexLocation() {
        return index;
    }

    @Override
    String commandName() {
        return "consistency";
    }

    @Override
    long extraFilesRead() {
        return 1;
    }

    @Override
    long extraBytesRead() {
        return sinceBytes;
    }

    @Override
    Optional<String> verify(Trust trust, SignedCheckpoint current, CountingSource source, ReportBuilder report)
            throws IOException, UsageException {
        byte[] note = TrustOptions.readSmall(since, "--since").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        sinceBytes = Files.size(since);
        SignedCheckpoint older;
        try {
            older = SignedCheckpoint.open(note, trust.logKeys(), since.toString());
        } catch (NoteException e) {
            report.failed("since-signature", e.getMessage());
            return Optional.empty();
        }
        report.ok("since-signature", since + ": signed by a trusted log key; tree size " + older.size());
        report.treeSize(current.size());
        report.ok("checkpoint-signature", current.source() + ": signed by a trusted log key; tree size "
                + current.size());
        return ConsistencyVerifier.check(older, current, source, report, "consistency");
    }
}
