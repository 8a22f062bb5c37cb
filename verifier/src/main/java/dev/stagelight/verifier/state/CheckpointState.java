package dev.stagelight.verifier.state;

import dev.stagelight.verifier.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The last checkpoint a verifier accepted ({@code --state FILE}): the signed note exactly as it was served, so a
 * later fork can be proven by showing both signed notes. Written atomically, and only after a verification succeeded.
 */
public final class CheckpointState {
    /** A signed checkpoint is a few hundred bytes; anything far larger is not a state file. */
    public static final int MAX_BYTES = 64 * 1024;

    private final Path file;

    public CheckpointState(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The stored signed note, or empty on first use (no file yet). */
    public Optional<byte[]> load() throws IOException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(file + ": state file larger than " + MAX_BYTES + " bytes; not a checkpoint");
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    public void store(byte[] signedNote) throws IOException {
        AtomicFiles.replace(file, signedNote);
    }
}
