package dev.stagelight.verifier.cli;

import dev.stagelight.verifier.check.CertificateIdentity;
import dev.stagelight.verifier.check.Trust;
import dev.stagelight.verifier.keys.KeyException;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.NoteVerifierKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Option;

/** What to trust, always from the command line, never from the index being checked. */
final class TrustOptions {
    @Option(names = "--log-key", required = true, paramLabel = "VKEY|FILE",
            description = "Trusted checkpoint key: a verifier key string name+hash+base64, or a file holding one per"
                    + " line. Repeatable.")
    List<String> logKeys = new ArrayList<>();

    @Option(names = "--origin", paramLabel = "NAME", description = "The log's origin (the checkpoint's first line),"
            + " when the trusted --log-key is named otherwise. Default: the origin must be the name of the --log-key"
            + " that signed the checkpoint, as C2SP logs name their keys.")
    String origin;

    @Option(names = "--signer-key", paramLabel = "PEM", description = "Trusted manifest signer public key"
            + " (PEM, SubjectPublicKeyInfo; Ed25519 or ECDSA P-256). Repeatable.")
    List<Path> signerKeys = new ArrayList<>();

    @Option(names = "--trusted-root", paramLabel = "JSON",
            description = "Sigstore trusted root for offline verification of Sigstore bundles.")
    Path trustedRoot;

    @Option(names = "--certificate-identity", paramLabel = "SAN", description = "Accept Sigstore certificate bundles"
            + " only from this signer (the certificate's e-mail or workflow URI, exact). Repeatable; needs"
            + " --certificate-oidc-issuer. Without it, any certificate of the trusted root's Fulcio is accepted.")
    List<String> identities = new ArrayList<>();

    @Option(names = "--certificate-identity-regexp", paramLabel = "REGEX", description = "As --certificate-identity,"
            + " a Java regular expression matched against the whole identity. Repeatable.")
    List<String> identityPatterns = new ArrayList<>();

    @Option(names = "--certificate-oidc-issuer", paramLabel = "URL", description = "The OIDC issuer the certificate"
            + " identities must come from, e.g. https://token.actions.githubusercontent.com.")
    String issuer;

    Trust toTrust() throws UsageException {
        List<NoteVerifierKey> notes = new ArrayList<>();
        for (String k : logKeys) {
            notes.addAll(logKeys(k));
        }
        List<PublicKey> signers = new ArrayList<>();
        for (Path p : signerKeys) {
            String pem = readSmall(p, "--signer-key");
            try {
                signers.add(PublicKeys.parsePem(pem, p.toString()));
            } catch (KeyException e) {
                throw new UsageException("--signer-key " + e.getMessage());
            }
        }
        if (trustedRoot != null && !Files.isRegularFile(trustedRoot)) {
            throw new UsageException("--trusted-root " + trustedRoot + ": no such file");
        }
        if (origin != null && (origin.isEmpty() || origin.contains("\n"))) {
            throw new UsageException("--origin: expected one non-empty line");
        }
        return new Trust(notes, signers, Optional.ofNullable(trustedRoot), certificateIdentities(),
                Optional.ofNullable(origin));
    }

    private List<CertificateIdentity> certificateIdentities() throws UsageException {
        boolean anyIdentity = !identities.isEmpty() || !identityPatterns.isEmpty();
        if (anyIdentity && issuer == null) {
            throw new UsageException("--certificate-identity needs --certificate-oidc-issuer (the identity alone"
                    + " proves nothing: any OIDC issuer could have named it)");
        }
        if (!anyIdentity && issuer != null) {
            throw new UsageException("--certificate-oidc-issuer needs --certificate-identity or"
                    + " --certificate-identity-regexp");
        }
        List<CertificateIdentity> out = new ArrayList<>();
        identities.forEach(id -> out.add(new CertificateIdentity(id, false, issuer)));
        for (String p : identityPatterns) {
            try {
                Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                throw new UsageException("--certificate-identity-regexp '" + p + "': " + e.getDescription()
                        + " at index " + e.getIndex());
            }
            out.add(new CertificateIdentity(p, true, issuer));
        }
        return out;
    }

    private static List<NoteVerifierKey> logKeys(String value) throws UsageException {
        Path file = null;
        try {
            file = value.isEmpty() ? null : Path.of(value);
        } catch (InvalidPathException notAPath) {
            // A key string, then.
        }
        boolean isFile = file != null && Files.isRegularFile(file);
        List<String> lines = isFile ? readSmall(file, "--log-key").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList() : List.of(value.strip());
        if (lines.isEmpty()) {
            throw new UsageException("--log-key " + value + ": the file holds no verifier key");
        }
        List<NoteVerifierKey> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            try {
                keys.add(NoteVerifierKey.parse(lines.get(i)));
            } catch (NoteException e) {
                String where = isFile ? value + ":" + (i + 1) : "'" + value + "'";
                throw new UsageException("--log-key " + where + ": " + e.getMessage()
                        + (isFile ? "" : " (neither a verifier key string nor an existing file)"));
            }
        }
        return keys;
    }

    static String readSmall(Path p, String option) throws UsageException {
        try {
            if (Files.size(p) > 1024 * 1024) {
                throw new UsageException(option + " " + p + ": larger than 1 MiB; not a key file");
            }
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException(option + " " + p + ": cannot read: " + IoMessages.describe(e));
        }
    }
}
