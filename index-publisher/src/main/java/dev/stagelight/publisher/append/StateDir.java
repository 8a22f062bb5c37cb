package dev.stagelight.publisher.append;

import dev.stagelight.verifier.io.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The publisher's private state for one index, in a folder that is never published (default: the sibling
 * {@code <index>.state/}). It holds
 * <ul>
 *   <li>{@code lock}: an empty file; an OS lock on it is held for a whole append, so two publisher processes on this
 *       machine (or on one shared file system that honours POSIX locks) append one after the other, never at once;</li>
 *   <li>{@code pending.batch}: the journal of the batch being appended (see {@link PendingBatch}); present from just
 *       before the first public file of a batch is written until just after its checkpoint is written.</li>
 *   <li>{@code unpublished.checkpoint}: a checkpoint signed but not published, because too few witnesses cosigned
 *       it; kept for the operator (and as evidence) until a later append publishes its tree.</li>
 * </ul>
 */
public final class StateDir {
    private static final String LOCK = "lock";
    private static final String PENDING = "pending.batch";
    private static final String UNPUBLISHED = "unpublished.checkpoint";

    private final Path dir;

    public StateDir(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The default state folder of an index: {@code <index>.state} beside it. */
    public static StateDir besides(Path index) {
        Path abs = index.toAbsolutePath().normalize();
        return new StateDir(abs.resolveSibling(abs.getFileName() + ".state"));
    }

    public Path path() {
        return dir;
    }

    /**
     * Blocks until this process holds the index's append lock. The lock dies with the process (the kernel releases it
     * on exit or {@code kill -9}), so a crashed publisher never leaves the index locked.
     */
    public Lock lock() throws IOException {
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        Lock lock;
        try {
            lock = new Lock(ch, ch.lock());
        } catch (IOException | OverlappingFileLockException e) {
            ch.close();
            throw new IOException(dir.resolve(LOCK) + ": cannot lock: " + e.getMessage(), e);
        }
        // Ours now: a temp file of the journal can only be a killed writer's.
        AtomicFiles.deleteLeftoverTemp(dir.resolve(PENDING));
        return lock;
    }

    /** The journal of an interrupted append, if any. */
    public Optional<PendingBatch> pending() throws IOException {
        Path p = dir.resolve(PENDING);
        try {
            return Optional.of(PendingBatch.decode(Files.readAllBytes(p), p.toString()));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    /** Journals a batch durably (temp + fsync + rename) before any of its public files is written. */
    public void savePending(PendingBatch batch) throws IOException {
        AtomicFiles.replace(dir.resolve(PENDING), batch.encode());
    }

    public void clearPending() throws IOException {
        Files.deleteIfExists(dir.resolve(PENDING));
    }

    /** Where a signed checkpoint too few witnesses cosigned is kept. */
    public Path unpublished() {
        return dir.resolve(UNPUBLISHED);
    }

    public void saveUnpublished(byte[] signedNote) throws IOException {
        AtomicFiles.replace(unpublished(), signedNote);
    }

    public void clearUnpublished() throws IOException {
        Files.deleteIfExists(unpublished());
    }

    /** The held append lock; closing releases it. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
