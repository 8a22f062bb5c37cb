package dev.stagelight.verifier.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void replaceWritesAndOverwritesLeavingNoTempFiles() throws IOException {
        Path f = dir.resolve("a/b/checkpoint");
        AtomicFiles.replace(f, b("one"));
        AtomicFiles.replace(f, b("two"));
        assertArrayEquals(b("two"), Files.readAllBytes(f));
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertTrue(s.noneMatch(AtomicFiles::isTempFile));
        }
    }

    @Test
    void createImmutableAcceptsIdenticalRewriteAndRefusesDifferentBytes() throws IOException {
        Path f = dir.resolve("tile/0/000");
        assertTrue(AtomicFiles.createImmutable(f, b("hashes")));
        assertFalse(AtomicFiles.createImmutable(f, b("hashes")));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.createImmutable(f, b("other")));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertArrayEquals(b("hashes"), Files.readAllBytes(f));
    }

    /** A killed writer's temp file has a name known in advance, is never reused, and can be removed without a listing. */
    @Test
    void aLeftoverTempFileIsFoundByItsTargetAndNeverWrittenThrough() throws IOException {
        Path f = dir.resolve("tile/0/000.p/5");
        Path leftover = AtomicFiles.tempFileOf(f);
        Files.createDirectories(f.getParent());
        Files.write(leftover, b("half a tile"));
        assertTrue(AtomicFiles.isTempFile(leftover));
        assertTrue(AtomicFiles.createImmutable(f, b("the tile")));
        assertArrayEquals(b("half a tile"), Files.readAllBytes(leftover), "another write's temp file is not touched");
        AtomicFiles.replace(f.resolveSibling("checkpoint"), b("cp"));
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(List.of(leftover), s.filter(AtomicFiles::isTempFile).toList(), "only the planted one");
        }
        assertTrue(AtomicFiles.deleteLeftoverTemp(f));
        assertFalse(Files.exists(leftover));
        assertFalse(AtomicFiles.deleteLeftoverTemp(f));
        assertArrayEquals(b("the tile"), Files.readAllBytes(f));
    }

    /** Published files are readable like any file this process creates (a web server serves them); secrets are not. */
    @Test
    void publishedFilesGetTheUsualModeAndSecretsOwnerOnly() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
        Path plain = Files.write(dir.resolve("plain"), b("x"));
        Path replaced = dir.resolve("checkpoint");
        AtomicFiles.replace(replaced, b("cp"));
        Path immutable = dir.resolve("tile/0/000");
        AtomicFiles.createImmutable(immutable, b("t"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(replaced));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(immutable));

        Path secret = dir.resolve("log.key");
        AtomicFiles.createSecret(secret, b("PRIVATE+KEY"));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(secret));
        assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.createSecret(secret, b("PRIVATE+KEY")));
        assertArrayEquals(b("PRIVATE+KEY"), Files.readAllBytes(secret));
    }
}
