package dev.stagelight.verifier.cli;

import dev.stagelight.verifier.check.IndexVerifier;
import dev.stagelight.verifier.check.ReportBuilder;
import dev.stagelight.verifier.check.SignedCheckpoint;
import dev.stagelight.verifier.check.Trust;
import dev.stagelight.verifier.source.CountingSource;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Verify a whole index: checkpoint signature, every entry (canonical, seq, prev chain), the"
                + " Merkle root and every hash tile, every manifest's digest and signature.")
final class IndexCommand extends VerifyCommand {
    @Parameters(index = "0", paramLabel = "DIR|URL", description = "The index: a folder or an http(s) URL.")
    String index;

    @Override
    String indexLocation() {
        return index;
    }

    @Override
    String commandName() {
        return "index";
    }

    @Override
    Optional<String> verify(Trust trust, SignedCheckpoint current, CountingSource source, ReportBuilder report)
            throws IOException {
        new IndexVerifier(trust, threads, n -> progress(n, current.size())).verify(current, source, report);
        return Optional.empty();
    }
}
