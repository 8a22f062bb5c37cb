package dev.stagelight.verifier.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sigstore verify-bundle ...}: Sigstore bundles on their own, as the Sigstore conformance suite drives a client. */
@Command(name = "sigstore", mixinStandardHelpOptions = true,
        description = "Sigstore bundles on their own (the Sigstore conformance CLI protocol).",
        subcommands = {SigstoreVerifyBundleCommand.class})
final class SigstoreCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: verify-bundle");
    }
}
