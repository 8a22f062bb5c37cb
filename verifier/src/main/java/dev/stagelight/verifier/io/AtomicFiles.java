package dev.stagelight.verifier.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The one crash-safe file writer. A reader (or a process restarted after {@code kill -9}) sees either the old
 * bytes or the new bytes of a file, never a torn mix: data goes to a temp file in the same directory, is fsynced,
 * then renamed (or linked) into place, and the directory is fsynced so the rename itself is durable.
 */
public final class AtomicFiles {
    private static final String TEMP_PREFIX = ".tmp-";

    private AtomicFiles() {}

    /** Writes {@code bytes} to {@code target}, replacing any previous content atomically. */
    public static void replace(Path target, byte[] bytes) throws IOException {
        replace(target, bytes, true);
    }

    /**
     * As {@link #replace(Path, byte[])}; with {@code fsync} false the data and the rename are not forced to disk here
     * (the swap is still atomic for readers and survives a killed process). A caller that skips the fsync must make
     * the files durable itself (one file-system sync for a whole batch) before publishing anything that depends on them.
     */
    public static void replace(Path target, byte[] bytes, boolean fsync) throws IOException {
        Path dir = parentOf(target);
        Path temp = writeTemp(dir, target, bytes, fsync);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        if (fsync) {
            fsyncDirectory(dir);
        }
    }

    /**
     * Creates an immutable file. If {@code target} already exists it must hold exactly {@code bytes}
     * (a re-run after a crash writes the same content again); different bytes are an error and nothing is changed.
     *
     * @return true if this call created the file, false if identical bytes were already there
     */
    public static boolean createImmutable(Path target, byte[] bytes) throws IOException {
        return createImmutable(target, bytes, true);
    }

    /** As {@link #createImmutable(Path, byte[])}; {@code fsync} as in {@link #replace(Path, byte[], boolean)}. */
    public static boolean createImmutable(Path target, byte[] bytes, boolean fsync) throws IOException {
        if (Files.exists(target)) {
            requireSameBytes(target, bytes);
            return false;
        }
        Path dir = parentOf(target);
        Path temp = writeTemp(dir, target, bytes, fsync);
        try {
            // link(2) fails when the target exists, so a racing writer can never be overwritten.
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException raced) {
            requireSameBytes(target, bytes);
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
        if (fsync) {
            fsyncDirectory(dir);
        }
        return true;
    }

    /** True for names this class uses for its temp files (so listings and cleanup can skip them). */
    public static boolean isTempFile(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(TEMP_PREFIX);
    }

    private static void requireSameBytes(Path target, byte[] bytes) throws IOException {
        byte[] existing = Files.readAllBytes(target);
        if (!Arrays.equals(existing, bytes)) {
            throw new IOException(target + ": immutable file already exists with different content ("
                    + existing.length + " bytes on disk, " + bytes.length + " bytes to write); refusing to overwrite");
        }
    }

    private static Path parentOf(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return dir;
    }

    private static Path writeTemp(Path dir, Path target, byte[] bytes, boolean fsync) throws IOException {
        Path temp = Files.createTempFile(dir, TEMP_PREFIX + target.getFileName() + "-", "");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (fsync) {
                ch.force(true);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw new IOException(target + ": cannot write temp file " + temp + ": " + e.getMessage(), e);
        }
        return temp;
    }

    /** Forces a file's bytes to disk (for callers that wrote a batch with {@code fsync} false). */
    public static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
        fsyncDirectory(file.toAbsolutePath().getParent());
    }

    /** Makes a rename durable. Some file systems refuse to open directories; there the rename is as durable as it gets. */
    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Directory fsync is unsupported here; nothing more can be done portably.
        }
    }
}
