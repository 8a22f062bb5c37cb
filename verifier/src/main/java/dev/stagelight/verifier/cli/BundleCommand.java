package dev.stagelight.verifier.cli;

import dev.stagelight.verifier.check.BundleVerifier;
import dev.stagelight.verifier.check.ReportBuilder;
import dev.stagelight.verifier.check.SignedCheckpoint;
import dev.stagelight.verifier.check.Trust;
import dev.stagelight.verifier.source.CountingSource;
import dev.stagelight.verifier.source.IndexSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = "Verify one exported bundle against the index: its files match the manifest, the manifest is"
                + " in the index (inclusion proof against the signed checkpoint), and its signature verifies"
                + " (DSSE by a --signer-key, or a Sigstore bundle offline against --trusted-root).")
final class BundleCommand extends VerifyCommand {
    @Parameters(index = "0", paramLabel = "EXPORT-DIR",
            description = "Folder with manifest.dsse.json or manifest.sigstore.json and the exported files.")
    Path exportDir;

    @Option(names = "--index", required = true, paramLabel = "DIR|URL", description = "The index: a folder or an"
            + " http(s) URL.")
    String index;

    private CountingSource export;

    @Override
    String indexLocation() {
        return index;
    }

    @Override
    String commandName() {
        return "bundle";
    }

    @Override
    long extraFilesRead() {
        return export == null ? 0 : export.files();
    }

    @Override
    long extraBytesRead() {
        return export == null ? 0 : export.bytes();
    }

    @Override
    Optional<String> verify(Trust trust, SignedCheckpoint current, CountingSource source, ReportBuilder report)
            throws IOException, UsageException {
        if (!Files.isDirectory(exportDir)) {
            throw new UsageException(exportDir + ": not an export folder");
        }
        export = new CountingSource(IndexSources.open(exportDir.toString(), maxFileSize));
        new BundleVerifier(trust).verify(export, current, source, report);
        return Optional.empty();
    }
}
