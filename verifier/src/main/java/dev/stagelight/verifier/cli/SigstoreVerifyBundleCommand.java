package dev.stagelight.verifier.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sigstore verify-bundle}, exactly as the Sigstore conformance suite calls a client
 * ({@code docs/cli_protocol.md} of sigstore-conformance). Exit 0 only when the bundle verifies; 1 with a one-line
 * reason when it does not; 2 for bad usage or unreadable input. The Sigstore machinery is loaded only here, in
 * {@link SigstoreVerifyBundleRun}, so the other commands never pay for it.
 */
@Command(name = "verify-bundle", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Verify a Sigstore bundle for an artifact, a sha256:<hex> digest, or (DSSE bundles) a subject"
                + " of its in-toto statement.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:verified", "1:does not verify", "2:bad usage or unreadable input"})
final class SigstoreVerifyBundleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--staging", description = "Use Sigstore's staging instance (its trusted root, when no"
            + " --trusted-root is given).")
    boolean staging;

    @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "The Sigstore bundle (JSON).")
    Path bundle;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Signer signer;

    static final class Signer {
        @ArgGroup(exclusive = false)
        Identity identity;

        @Option(names = "--key", paramLabel = "PEM", description = "The public key (PEM) that signed the bundle,"
                + " for bundles without a certificate.")
        Path key;
    }

    static final class Identity {
        @Option(names = "--certificate-identity", required = true, paramLabel = "IDENTITY",
                description = "The exact identity (subject alternative name) of the signing certificate.")
        String identity;

        @Option(names = "--certificate-oidc-issuer", required = true, paramLabel = "URL",
                description = "The exact OIDC issuer of the signing certificate.")
        String issuer;
    }

    @Option(names = "--trusted-root", paramLabel = "FILE", description = "Sigstore trusted_root.json, used as given"
            + " (offline). Without it the public-good (or --staging) root is fetched with TUF; offline that fails.")
    Path trustedRoot;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Parameters(index = "0", paramLabel = "FILE_OR_DIGEST", description = "The artifact, or sha256:<64 hex digits>"
            + " (when no such file exists); for DSSE bundles a subject of the in-toto statement.")
    String fileOrDigest;

    @Override
    public Integer call() {
        SigstoreVerifyBundleRun.Request request = new SigstoreVerifyBundleRun.Request(staging, bundle,
                signer.key, signer.identity == null ? null : signer.identity.identity,
                signer.identity == null ? null : signer.identity.issuer, trustedRoot, fileOrDigest);
        return SigstoreVerifyBundleRun.run(request, spec.commandLine().getOut(), spec.commandLine().getErr(), debug);
    }
}
