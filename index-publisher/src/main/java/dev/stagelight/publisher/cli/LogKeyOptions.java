package dev.stagelight.publisher.cli;

import dev.stagelight.publisher.keys.PasswordSource;
import dev.stagelight.publisher.keys.SigningKeys;
import dev.stagelight.publisher.append.StateDir;
import dev.stagelight.verifier.keys.KeyException;
import dev.stagelight.verifier.note.NoteSignerKey;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The index folder, its private state folder and the log's checkpoint key: shared by init and append. */
final class LogKeyOptions {
    @Parameters(index = "0", paramLabel = "INDEX", description = "The published index folder.")
    Path index;

    @Option(names = "--log-key", required = true, paramLabel = "FILE",
            description = "The log's checkpoint key: a note key (PRIVATE+KEY+origin+hash+base64), or an Ed25519 key as"
                    + " PKCS#8 PEM or cosign-encrypted PEM.")
    Path logKey;

    @Option(names = "--origin", paramLabel = "NAME",
            description = "The log's origin (checkpoint first line); required with a PEM log key.")
    String origin;

    @Option(names = "--state", paramLabel = "DIR",
            description = "Private state folder (lock, append journal); never published. Default: <INDEX>.state beside the index.")
    Path state;

    @ArgGroup(exclusive = true)
    Password password;

    /** Where an encrypted log key's password comes from, as for the signing key: never the command line itself. */
    static final class Password {
        @Option(names = "--log-key-password-env", paramLabel = "VAR",
                description = "Environment variable holding the log key's password (cosign-encrypted key).")
        String env;

        @Option(names = "--log-key-password-file", paramLabel = "FILE",
                description = "File holding the log key's password (cosign-encrypted key); one trailing newline is dropped.")
        Path file;

        PasswordSource source() {
            return env != null ? PasswordSource.environment(env) : PasswordSource.file(file);
        }
    }

    /** The checkpoint key; a PEM key needs {@code --origin}, a note key carries its own name. */
    NoteSignerKey key() throws KeyException {
        PasswordSource pw = password == null ? PasswordSource.none() : password.source();
        boolean noteKey;
        try {
            noteKey = java.nio.file.Files.readString(logKey).strip().startsWith("PRIVATE+KEY+");
        } catch (IOException e) {
            throw new KeyException(logKey + ": cannot read the log key: " + e.getMessage(), e);
        }
        if (!noteKey && (origin == null || origin.isBlank())) {
            throw new KeyException(logKey + ": a PEM log key needs the log's origin (--origin NAME, e.g. example.com/exports)");
        }
        return SigningKeys.loadNoteKey(logKey, pw, origin);
    }

    StateDir stateDir() {
        return state != null ? new StateDir(state) : StateDir.besides(index);
    }
}
