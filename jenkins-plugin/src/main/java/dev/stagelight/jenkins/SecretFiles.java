package dev.stagelight.jenkins;

import hudson.FilePath;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A private folder on the agent for secrets the modules read from files (keys): owner-only, created under the
 * workspace's temporary folder ({@code WorkspaceList.tempDir}, outside the workspace itself) and deleted on close.
 */
final class SecretFiles implements AutoCloseable {
    private final Path dir;

    /** @param tmp the workspace's temporary folder, as the controller named it */
    SecretFiles(String tmp, String prefix) throws IOException {
        this.dir = Files.createTempDirectory(Files.createDirectories(Path.of(tmp)), prefix);
        restrict(dir);
    }

    /** Writes {@code content} to an owner-only file named {@code name}; null content: null (no such secret). */
    Path write(String name, byte[] content) throws IOException {
        if (content == null) {
            return null;
        }
        Path f = dir.resolve(name);
        Files.write(f, new byte[0]);
        restrict(f); // before the secret is in it
        Files.write(f, content);
        return f;
    }

    private static void restrict(Path p) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            new FilePath(dir.toFile()).deleteRecursive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deleting " + dir, e);
        }
    }
}
