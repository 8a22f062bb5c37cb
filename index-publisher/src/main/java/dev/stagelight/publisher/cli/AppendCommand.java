package dev.stagelight.publisher.cli;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.append.IngestedManifest;
import dev.stagelight.publisher.append.StateDir;
import dev.stagelight.publisher.ingest.ManifestIngest;
import dev.stagelight.publisher.keys.PasswordSource;
import dev.stagelight.publisher.keys.Signer;
import dev.stagelight.publisher.keys.SigningKeys;
import dev.stagelight.publisher.site.SiteRenderer;
import dev.stagelight.verifier.check.Check;
import dev.stagelight.verifier.check.CheckStatus;
import dev.stagelight.verifier.check.Report;
import dev.stagelight.verifier.entry.EntryKind;
import dev.stagelight.verifier.keys.KeyException;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.source.DirectorySource;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "append", description = {
        "Appends manifests to an index: DSSE envelopes (verified with --manifest-key or --key), Sigstore bundles with",
        "a DSSE envelope (verified offline with --trusted-root), or unsigned in-toto Statements (signed with --key). Prints the new checkpoint and the files written."})
final class AppendCommand implements Callable<Integer> {
    private static final int PROGRESS_EVERY = 1000;

    @ParentCommand
    PublisherCli cli;

    @Mixin
    LogKeyOptions log;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "Manifest files to append, in order.")
    List<Path> files;

    @Option(names = "--key", paramLabel = "FILE",
            description = "Signs unsigned statements: Ed25519 or ECDSA P-256 PKCS#8 PEM, a cosign-encrypted key, or a note key.")
    Path key;

    @ArgGroup(exclusive = true)
    Password password;

    static final class Password {
        @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the --key password.")
        String env;

        @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the --key password.")
        Path file;
    }

    @Option(names = "--manifest-key", paramLabel = "PEM", description = "Public key (SPKI PEM) whose DSSE envelopes are accepted; repeatable.")
    List<Path> manifestKeys = new ArrayList<>();

    @Option(names = "--tenant", paramLabel = "ID", description = "Tenant for statements whose predicate has none.")
    String tenant;

    @Option(names = "--region", paramLabel = "ID", description = "Region for statements whose predicate has none.")
    String region;

    @Option(names = "--kind", paramLabel = "KIND", description = "export or rollout-evidence, for statements of another predicate type.")
    String kind;

    @Option(names = "--trusted-root", paramLabel = "JSON", description = "Sigstore trusted root (trusted_root.json):"
            + " Sigstore bundles are verified offline against it before they are appended, and again when the append is"
            + " read back. Sigstore bundles are refused without it.")
    Path trustedRoot;

    @Option(names = "--raw", description = "Append each file's bytes as one raw leaf (no entry, no manifest): C2SP tiles only.")
    boolean raw;

    @Option(names = "--write-threads", paramLabel = "N", defaultValue = "8",
            description = "Threads writing the independent files of a step (each still fsynced). Default: ${DEFAULT-VALUE}.")
    int writeThreads;

    @Option(names = "--no-site", description = "Do not render the site after appending (publish render does it later).")
    boolean noSite;

    @Mixin
    SiteOptions site;

    @Mixin
    WitnessSubmitOptions witnessOptions;

    @Option(names = "--list", description = "List every file written (default: a summary when more than 50).")
    boolean list;

    @Override
    public Integer call() throws Exception {
        PrintStream out = cli.out();
        Appender appender = new Appender(log.index, log.stateDir(), log.key(), Clock.systemUTC(), DirectorySource::new,
                cli.writeHook()).withWriteThreads(writeThreads).withCosigning(witnessOptions.toCosigning());
        Appender.Result result;
        if (raw) {
            List<byte[]> leaves = new ArrayList<>();
            for (Path f : files) {
                leaves.add(Files.readAllBytes(f));
            }
            result = appender.appendLeaves(leaves, files.stream().map(Path::toString).toList());
        } else {
            ManifestIngest ingest = new ManifestIngest(trustedKeys(), signer(), defaults());
            if (trustedRoot != null) {
                ingest = ingest.withSigstore(trustedRoot);
            }
            appender = appender.withManifestTrust(ingest.trustedKeys(), Optional.ofNullable(trustedRoot));
            List<IngestedManifest> manifests = new ArrayList<>();
            for (Path f : files) {
                manifests.add(ingest.read(f));
                if (manifests.size() % PROGRESS_EVERY == 0) {
                    cli.err().println("read " + manifests.size() + "/" + files.size() + " manifests");
                }
            }
            if (files.size() >= PROGRESS_EVERY) {
                cli.err().println("appending " + files.size() + " entries ...");
            }
            result = appender.append(manifests);
        }
        if (result.recovered() > 0) {
            out.println("recovered an interrupted append of " + result.recovered() + " entries first");
        }
        out.println("appended " + (result.checkpoint().size() - result.firstSeq()) + " entries (seq " + result.firstSeq()
                + ".." + (result.checkpoint().size() - 1) + ") to " + log.index.toAbsolutePath());
        printWritten(out, result.written());
        result.verification().ifPresent(r -> printVerified(out, r));
        if (!noSite && !raw) {
            long t0 = System.nanoTime();
            StateDir dir = log.stateDir();
            SiteRenderer.Result r;
            try (StateDir.Lock lock = dir.lock()) {
                r = new SiteRenderer(log.index, dir.path(), log.key().verifierKey(), site.templates(), site.options())
                        .withProgress(cli.err()::println).render(false);
            }
            SiteOptions.print(out, r, log.index, (System.nanoTime() - t0) / 1e9);
        }
        // The signed checkpoint comes last: scripts read it from "checkpoint:" to the end.
        out.println("checkpoint:");
        out.print(new String(result.signedCheckpoint(), StandardCharsets.UTF_8));
        return 0;
    }

    private void printWritten(PrintStream out, List<String> written) {
        if (list || written.size() <= 50) {
            written.forEach(p -> out.println("  wrote " + p));
            return;
        }
        Map<String, Integer> byKind = new TreeMap<>();
        for (String p : written) {
            String k = p.startsWith("tile/entries/") ? "entry bundles" : p.startsWith("tile/") ? "hash tiles"
                    : p.startsWith("manifests/") ? "manifests and signatures" : p.startsWith("api/") ? "digest shards" : p;
            byKind.merge(k, 1, Integer::sum);
        }
        out.println("  wrote " + written.size() + " files (--list shows each): " + byKind);
    }

    /** What the read-back check after the append established, and what it could not. */
    private static void printVerified(PrintStream out, Report r) {
        String ok = r.checks().stream().filter(c -> c.status() == CheckStatus.OK).map(Check::name).distinct()
                .collect(Collectors.joining(", "));
        out.println("verified after writing (" + r.filesRead() + " files read back): " + ok);
        r.checks().stream().filter(c -> c.status() == CheckStatus.SKIPPED)
                .forEach(c -> out.println("  not verified: " + c.message()));
    }

    private List<PublicKey> trustedKeys() throws java.io.IOException, KeyException {
        List<PublicKey> keys = new ArrayList<>();
        for (Path p : manifestKeys) {
            keys.add(PublicKeys.parsePem(Files.readString(p), p.toString()));
        }
        return keys;
    }

    private Signer signer() throws java.io.IOException, KeyException {
        if (key == null) {
            return null;
        }
        PasswordSource pw = password == null ? PasswordSource.none()
                : password.env != null ? PasswordSource.environment(password.env) : PasswordSource.file(password.file);
        return SigningKeys.load(key, pw);
    }

    private ManifestIngest.Defaults defaults() {
        EntryKind k = null;
        if (kind != null) {
            k = EntryKind.fromWire(kind);
            if (k == null) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--kind: expected export or rollout-evidence, got \"" + kind + "\"");
            }
        }
        return new ManifestIngest.Defaults(tenant, region, k);
    }
}
