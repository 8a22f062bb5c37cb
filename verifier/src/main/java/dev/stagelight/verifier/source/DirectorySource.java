package dev.stagelight.verifier.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** An index in a local directory. Every path is checked before use and must resolve inside the root. */
public final class DirectorySource implements IndexSource {
    /** Default cap: large enough for any tile or manifest, small enough that a hostile file cannot exhaust memory. */
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

    private final Path root;
    private final Path realRoot;
    private final long maxBytes;

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
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        // Symlinks are allowed only when they stay inside the index (a published folder may be assembled by links).
        Path real = file.toRealPath();
        if (!real.startsWith(realRoot)) {
            throw new UnsafePathException(file + " resolves to " + real + ", outside the index " + realRoot);
        }
        if (!Files.isRegularFile(real)) {
            throw new NoSuchFileException(file.toString(), null, "not a regular file");
        }
        long size = Files.size(real);
        if (size > maxBytes) {
            throw tooLarge(file, size + " bytes");
        }
        // Read at most maxBytes + 1 so a file growing under us is still caught, never buffered whole.
        try (InputStream in = Files.newInputStream(real)) {
            byte[] bytes = in.readNBytes((int) maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw tooLarge(file, "more than " + maxBytes + " bytes");
            }
            return bytes;
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

    private SourceLimitException tooLarge(Path file, String size) {
        return new SourceLimitException(file + " is " + size + ", over the size cap of " + maxBytes + " bytes");
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
