package dev.stagelight.verifier.cli;

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
import picocli.CommandLine.Option;

/** What to trust, always from the command line, never from the index being checked. */
final class TrustOptions {
    @Option(names = "--log-key", required = true, paramLabel = "VKEY|FILE",
            description = "Trusted checkpoint key: a verifier key string name+hash+base64, or a file holding one per"
                    + " line. Repeatable.")
    List<String> logKeys = new ArrayList<>();

    @Option(names = "--signer-key", paramLabel = "PEM", description = "Trusted manifest signer public key"
            + " (PEM, SubjectPublicKeyInfo; Ed25519 or ECDSA P-256). Repeatable.")
    List<Path> signerKeys = new ArrayList<>();

    @Option(names = "--trusted-root", paramLabel = "JSON",
            description = "Sigstore trusted root for offline verification of Sigstore bundles.")
    Path trustedRoot;

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
        return new Trust(notes, signers, Optional.ofNullable(trustedRoot));
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
