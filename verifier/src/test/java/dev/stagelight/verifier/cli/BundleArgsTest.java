package dev.stagelight.verifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The picocli-free reading of {@code bundle} fills the command exactly as picocli does, or leaves it to picocli. */
class BundleArgsTest {
    private static final List<String> BASE = List.of("bundle", "export", "--index", "idx", "--log-key", "k.vkey");

    @Test
    void plainCommandLinesAreReadAsPicocliReadsThem() {
        List<List<String>> lines = List.of(
                BASE,
                List.of("bundle", "--index=idx", "--log-key=k1", "export", "--log-key", "k2"),
                concat("--signer-key", "a.pem", "--signer-key", "b.pem", "--json", "--quiet", "--debug"),
                concat("--trusted-root", "root.json", "--certificate-identity", "me@example.com",
                        "--certificate-identity-regexp", ".*@example.com", "--certificate-oidc-issuer", "https://x"),
                concat("--origin", "example.com/log", "--junit", "out.xml", "--state", "state.txt"),
                concat("--witness", "w1", "--witness=w2", "--witness-threshold", "1"),
                concat("--max-file-size", "4096", "--threads", "3"),
                List.of("bundle", "--log-key", "k", "--index", "idx", "export dir with spaces"));
        for (List<String> line : lines) {
            String[] args = line.toArray(String[]::new);
            BundleCommand fast = BundleArgs.parse(args);
            assertNotNull(fast, "read without picocli: " + line);
            assertEquals(describe(picocli(args)), describe(fast), line.toString());
        }
    }

    @Test
    void anythingElseIsLeftToPicocli() {
        List<List<String>> lines = List.of(
                List.of("bundle"),
                List.of("index", "dir", "--log-key", "k"),
                List.of("bundle", "export", "--log-key", "k"),                 // --index missing
                List.of("bundle", "export", "--index", "idx"),                 // --log-key missing
                List.of("bundle", "--index", "idx", "--log-key", "k"),         // EXPORT-DIR missing
                concat("--help"), concat("-h"), concat("--version"), concat("-V"),
                concat("--unknown"), concat("--unknown", "x"), concat("extra-positional"),
                concat("--index", "again"), concat("--origin", "a", "--origin", "b"), concat("--json", "--json"),
                concat("--json=true"), concat("--threads", "two"), concat("--threads", "0x10"),
                concat("--max-file-size", "-1"), concat("--witness-threshold", "+1"), concat("--origin"),
                concat("--origin", "--json"), concat("--origin="), concat("@args.txt"), concat("--"),
                concat("-"), concat("--state", "bad\0path"));
        for (List<String> line : lines) {
            assertNull(BundleArgs.parse(line.toArray(String[]::new)), "left to picocli: " + line);
        }
    }

    private static List<String> concat(String... more) {
        List<String> all = new java.util.ArrayList<>(BASE);
        all.addAll(List.of(more));
        return all;
    }

    private static BundleCommand picocli(String[] args) {
        CommandLine cli = new CommandLine(new RootCommand());
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        return (BundleCommand) parsed.subcommand().commandSpec().userObject();
    }

    /** Every field the command line sets, in one comparable string. */
    private static String describe(BundleCommand c) {
        TrustOptions t = c.trustOptions;
        return String.join("|", List.of(String.valueOf(c.exportDir), String.valueOf(c.index),
                t.logKeys.toString(), String.valueOf(t.origin), t.signerKeys.toString(), String.valueOf(t.trustedRoot),
                t.identities.toString(), t.identityPatterns.toString(), String.valueOf(t.issuer),
                String.valueOf(c.output.json), String.valueOf(c.output.junit), String.valueOf(c.output.quiet),
                String.valueOf(c.output.debug), c.witnessOptions.witnesses.toString(),
                Objects.toString(c.witnessOptions.threshold), String.valueOf(c.state), String.valueOf(c.maxFileSize),
                String.valueOf(c.threads)));
    }
}
