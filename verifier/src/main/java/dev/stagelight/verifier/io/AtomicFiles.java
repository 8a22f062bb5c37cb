package dev.stagelight.verifier.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;

/**
 * The one crash-safe file writer. A reader (or a process restarted after {@code kill -9}) sees either the old
 * bytes or the new bytes of a file, never a torn mix: data goes to a temp file in the same directory, is fsynced,
 * then renamed (or linked) into place, and the directory is fsynced so the rename itself is durable.
 *
 * <p>A process killed while writing the temp file, or between linking it and unlinking it, leaves it behind. The temp
 * file of {@code dir/name} is therefore {@code dir/.tmp-name} whenever no other write of that name is in flight
 * (then a random suffix is added), so whoever knows which files a killed process was writing can remove its leftovers
 * with {@link #deleteLeftoverTemp} without listing the directory.
 *
 * <p>Files get the mode any new file gets (0666 less the umask, so 0644 usually): an index is published by a web
 * server that runs as another user. Secrets go through {@link #createSecret}, which is owner-only from the start.
 */
public final class AtomicFiles {
    private static final String TEMP_PREFIX = ".tmp-";
    private static final SecureRandom RANDOM = new SecureRandom();

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
        Path temp = writeTemp(dir, target, bytes, fsync, false);
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
        return link(target, bytes, fsync, false);
    }

    /**
     * Creates a secret (a private key): readable and writable by the owner only, from the first byte on (where the
     * file system has POSIX modes), and never replaced: an existing file is an error, whatever it holds.
     */
    public static void createSecret(Path target, byte[] bytes) throws IOException {
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists; refusing to overwrite a secret");
        }
        if (!link(target, bytes, true, true)) {
            throw new FileAlreadyExistsException(target.toString(), null, "created meanwhile; refusing to overwrite a secret");
        }
    }

    /** Writes a temp file and links it to {@code target}; false if identical bytes got there first. */
    private static boolean link(Path target, byte[] bytes, boolean fsync, boolean secret) throws IOException {
        Path dir = parentOf(target);
        Path temp = writeTemp(dir, target, bytes, fsync, secret);
        try {
            // link(2) fails when the target exists, so a racing writer can never be overwritten.
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException raced) {
            if (secret) {
                return false;
            }
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

    /** The temp file a write of {@code target} uses unless another write of it is in flight. */
    public static Path tempFileOf(Path target) {
        return target.resolveSibling(TEMP_PREFIX + target.getFileName());
    }

    /**
     * Removes the temp file a killed write of {@code target} may have left. Call it only when no other write of
     * {@code target} can be running (under the writer's lock): a write in flight would lose its temp file and fail.
     *
     * @return true if a leftover was removed
     */
    public static boolean deleteLeftoverTemp(Path target) throws IOException {
        return Files.deleteIfExists(tempFileOf(target));
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

    private static Path writeTemp(Path dir, Path target, byte[] bytes, boolean fsync, boolean secret)
            throws IOException {
        FileAttribute<?>[] mode = secret ? ownerOnly(dir) : new FileAttribute<?>[0];
        Path temp = dir.resolve(TEMP_PREFIX + target.getFileName());
        FileChannel opened;
        try {
            opened = FileChannel.open(temp, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW), mode);
        } catch (FileAlreadyExistsException busy) {
            // Another write of this name is in flight, or a killed one left its temp file: never touch it.
            temp = dir.resolve(TEMP_PREFIX + target.getFileName() + "-" + Long.toUnsignedString(RANDOM.nextLong(), 36));
            opened = FileChannel.open(temp, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW), mode);
        }
        try (FileChannel ch = opened) {
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

    /** Owner read and write only, where the file system has modes. */
    private static FileAttribute<?>[] ownerOnly(Path dir) {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
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
