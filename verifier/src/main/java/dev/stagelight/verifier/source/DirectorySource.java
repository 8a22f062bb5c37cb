package dev.stagelight.verifier.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/** An index in a local directory. Every path is checked before use and must resolve inside the root. */
public final class DirectorySource implements IndexSource {
    /** Default cap: large enough for any tile or manifest, small enough that a hostile file cannot exhaust memory. */
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

    private final Path root;
    private final Path realRoot;
    private final long maxBytes;
    private final java.util.concurrent.ConcurrentHashMap<Path, Boolean> foldersInside =
            new java.util.concurrent.ConcurrentHashMap<>();

    public DirectorySource(Path root) throws IOException {
        this(root, DEFAULT_MAX_BYTES);
    }

    public DirectorySource(Path root, long maxBytes) throws IOException {
        if (maxBytes <= 0 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("size cap " + maxBytes + " is outside 1.." + (Integer.MAX_VALUE - 8));
        }
        this.root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.root)) {
            throw new NoSuchFileException(this.root.toString(), null, "index directory does not exist");
        }
        this.realRoot = this.root.toRealPath();
        this.maxBytes = maxBytes;
    }

    public Path root() {
        return root;
    }

    @Override
    public byte[] read(String relativePath) throws IOException {
        Path file = resolve(relativePath);
        // Fast path, a full audit's million reads: a regular file (not a link) in a folder whose real path is inside
        // the index. lstat, open, read: the folder check is made once per folder, not once per file.
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString());
        }
        if (attrs.isRegularFile() && folderInside(file.getParent())) {
            return readCapped(file, file, attrs.size(), LinkOption.NOFOLLOW_LINKS);
        }
        // Symlinks are allowed only when they stay inside the index (a published folder may be assembled by links).
        Path real = file.toRealPath();
        if (!real.startsWith(realRoot)) {
            throw new UnsafePathException(file + " resolves to " + real + ", outside the index " + realRoot);
        }
        if (!Files.isRegularFile(real)) {
            throw new NoSuchFileException(file.toString(), null, "not a regular file");
        }
        return readCapped(file, real, Files.size(real));
    }

    /** True when {@code folder}'s real path (links resolved) lies inside the index; remembered per folder. */
    private boolean folderInside(Path folder) throws IOException {
        Boolean known = foldersInside.get(folder);
        if (known == null) {
            known = folder.toRealPath().startsWith(realRoot);
            foldersInside.put(folder, known);
        }
        return known;
    }

    private byte[] readCapped(Path file, Path real, long size, java.nio.file.OpenOption... options) throws IOException {
        return readSized(file, real, size, maxBytes, options);
    }

    /** Reads {@code real} expecting {@code size} bytes (its lstat); {@code file} is the name errors give. */
    static byte[] readSized(Path file, Path real, long size, long maxBytes, java.nio.file.OpenOption... options)
            throws IOException {
        if (size > maxBytes) {
            throw tooLarge(file, size + " bytes", maxBytes);
        }
        // The size lstat gave, read into an array of that size: no chunk buffers and no final copy (a full audit reads
        // a quarter of a million files per 100,000 entries). A file that changed size under us is still read whole up
        // to maxBytes + 1 bytes, never buffered beyond the cap.
        try (SeekableByteChannel in = Files.newByteChannel(real, options)) {
            byte[] bytes = new byte[(int) size];
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                if (in.read(buffer) < 0) {
                    return Arrays.copyOf(bytes, buffer.position()); // shrank since lstat
                }
            }
            ByteBuffer probe = ByteBuffer.allocate(1);
            if (in.read(probe) < 0) {
                return bytes;
            }
            byte[] rest = Channels.newInputStream(in).readNBytes((int) (maxBytes - size)); // grew since lstat
            if (size + 1 + rest.length > maxBytes) {
                throw tooLarge(file, "more than " + maxBytes + " bytes", maxBytes);
            }
            byte[] all = Arrays.copyOf(bytes, (int) size + 1 + rest.length);
            all[(int) size] = probe.get(0);
            System.arraycopy(rest, 0, all, (int) size + 1, rest.length);
            return all;
        }
    }

    @Override
    public String describe(String relativePath) {
        try {
            return resolve(relativePath).toString();
        } catch (UnsafePathException e) {
            return root + "/" + relativePath;
        }
    }

    @Override
    public long maxBytes() {
        return maxBytes;
    }

    private Path resolve(String relativePath) throws UnsafePathException {
        RelativePaths.requireSafe(relativePath);
        Path file = root.resolve(relativePath).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new UnsafePathException("\"" + relativePath + "\" leaves the index " + root);
        }
        return file;
    }

    private static SourceLimitException tooLarge(Path file, String size, long maxBytes) {
        return new SourceLimitException(file + " is " + size + ", over the size cap of " + maxBytes + " bytes");
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
