package dev.stagelight.publisher.witness;

import dev.stagelight.verifier.io.AtomicFiles;
import dev.stagelight.verifier.merkle.MerkleHash;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The witness's memory: for each log origin, the signed checkpoint it last cosigned, one file per origin
 * ({@code <sha256(origin)>.checkpoint}; the origin is free text, the hash makes it a safe file name).
 *
 * <p>Crash safety: each file is replaced by {@link AtomicFiles#replace} (temp file, fsync, rename, fsync of the
 * folder) before the witness answers, so after a crash the file holds either the previous checkpoint or the new
 * one, and a cosignature is never handed out for a checkpoint the witness could forget. If the old one survives, the
 * client that got no answer retries and is told the old size (409); nothing was cosigned that the state lacks.
 * One process owns a state folder at a time (an exclusive lock on {@code lock}), so the check-then-store of two
 * witness processes cannot interleave either.
 */
public final class WitnessState implements AutoCloseable {
    private static final String SUFFIX = ".checkpoint";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private WitnessState(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating it if needed) and locks the state folder. */
    public static WitnessState open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path lockFile = dir.resolve("lock");
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException(lockFile + ": the witness state is in use by another witness process");
        }
        return new WitnessState(dir, ch, lock);
    }

    public Path dir() {
        return dir;
    }

    /** The file that holds the latest cosigned checkpoint of {@code origin}. */
    public Path fileOf(String origin) {
        byte[] h = MerkleHash.sha256().digest(origin.getBytes(StandardCharsets.UTF_8));
        return dir.resolve(HexFormat.of().formatHex(h) + SUFFIX);
    }

    /** The checkpoint last cosigned for {@code origin}, if any. Call under the witness's lock. */
    public Optional<byte[]> load(String origin) throws IOException {
        Path f = fileOf(origin);
        // A write killed before its rename leaves only its temp file; the state is the file itself.
        AtomicFiles.deleteLeftoverTemp(f);
        try {
            return Optional.of(Files.readAllBytes(f));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Durably records {@code note} as the checkpoint last cosigned for {@code origin}. */
    public void store(String origin, byte[] note) throws IOException {
        AtomicFiles.replace(fileOf(origin), note);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}
