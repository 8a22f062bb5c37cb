package dev.stagelight.verifier.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How the report is shown. */
final class OutputOptions {
    @Option(names = "--json", description = "Print the report as JSON on stdout (the human summary is not printed).")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the report as JUnit XML to FILE.")
    Path junit;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;
}
