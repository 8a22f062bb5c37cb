package dev.stagelight.verifier.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The command line of {@code bundle} read without picocli. Downstream CI starts the jar once per bundle, and building
 * picocli's model of every command (annotations, reflection, interpreted) costs more than the check itself. Only
 * plain, well-formed command lines are read here; anything else (help, version, unknown or repeated options, a
 * missing required option, {@code @files}, {@code --}, values that look like options or do not convert) returns
 * {@code null}, and picocli parses the same arguments, so every usage error keeps picocli's message.
 * {@code BundleArgsTest} checks that both parsers fill the command alike.
 */
final class BundleArgs {
    private BundleArgs() {}

    /** A {@link BundleCommand} filled from {@code args} (which start with {@code bundle}), or null: ask picocli. */
    static BundleCommand parse(String[] args) {
        if (args.length < 2 || !"bundle".equals(args[0])) {
            return null;
        }
        BundleCommand c = new BundleCommand();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.isEmpty() || arg.charAt(0) == '@') {
                return null;
            }
            if (arg.charAt(0) != '-') {
                if (c.exportDir != null) {
                    return null;
                }
                c.exportDir = path(arg);
                if (c.exportDir == null) {
                    return null;
                }
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (flag(c, name)) {
                if (eq >= 0 || !seen.add(name)) {
                    return null;
                }
                continue;
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return null;
            }
            if (value.isEmpty() || value.charAt(0) == '-' || value.charAt(0) == '@' || !option(c, name, value, seen)) {
                return null;
            }
        }
        boolean complete = c.exportDir != null && c.index != null && !c.trustOptions.logKeys.isEmpty();
        return complete ? c : null;
    }

    /** Sets a boolean option; false when {@code name} is not one. */
    private static boolean flag(BundleCommand c, String name) {
        switch (name) {
            case "--json" -> c.output.json = true;
            case "--quiet" -> c.output.quiet = true;
            case "--debug" -> c.output.debug = true;
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Sets an option with a value; false when the option is unknown, repeated (if single) or the value bad. */
    private static boolean option(BundleCommand c, String name, String value, Set<String> seen) {
        TrustOptions t = c.trustOptions;
        switch (name) {
            case "--log-key" -> t.logKeys.add(value);
            case "--signer-key" -> {
                Path p = path(value);
                if (p == null) {
                    return false;
                }
                t.signerKeys.add(p);
            }
            case "--certificate-identity" -> t.identities.add(value);
            case "--certificate-identity-regexp" -> t.identityPatterns.add(value);
            case "--witness" -> c.witnessOptions.witnesses.add(value);
            default -> {
                return seen.add(name) && single(c, name, value);
            }
        }
        return true;
    }

    private static boolean single(BundleCommand c, String name, String value) {
        switch (name) {
            case "--index" -> c.index = value;
            case "--origin" -> c.trustOptions.origin = value;
            case "--certificate-oidc-issuer" -> c.trustOptions.issuer = value;
            case "--trusted-root" -> c.trustOptions.trustedRoot = path(value);
            case "--junit" -> c.output.junit = path(value);
            case "--state" -> c.state = path(value);
            case "--witness-threshold" -> {
                Long n = decimal(value, 9);
                c.witnessOptions.threshold = n == null ? null : n.intValue();
                return n != null;
            }
            case "--max-file-size" -> {
                Long n = decimal(value, 18);
                if (n == null) {
                    return false;
                }
                c.maxFileSize = n;
            }
            case "--threads" -> {
                Long n = decimal(value, 9);
                if (n == null) {
                    return false;
                }
                c.threads = n.intValue();
            }
            default -> {
                return false;
            }
        }
        return !(name.equals("--trusted-root") && c.trustOptions.trustedRoot == null
                || name.equals("--junit") && c.output.junit == null
                || name.equals("--state") && c.state == null);
    }

    /** Plain decimal digits only (what every converter reads alike); null otherwise. */
    private static Long decimal(String value, int maxDigits) {
        if (value.length() > maxDigits) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(value);
    }

    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
