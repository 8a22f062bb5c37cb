package dev.stagelight.verifier.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectorySourceTest {
    @TempDir
    Path dir;

    private DirectorySource index() throws IOException {
        Path root = dir.resolve("index");
        Files.createDirectories(root.resolve("tile/0"));
        Files.write(root.resolve("tile/0/000"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("secret"), "outside");
        return new DirectorySource(root, 100);
    }

    @Test
    void readsFilesInsideTheRoot() throws IOException {
        DirectorySource source = index();
        assertArrayEquals(new byte[] {1, 2, 3}, source.read("tile/0/000"));
        assertEquals(dir.resolve("index/tile/0/000").toString(), source.describe("tile/0/000"));
        assertEquals(100, source.maxBytes());
    }

    @Test
    void missingFileIsNoSuchFileNamingIt() throws IOException {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> index().read("tile/0/001"));
        assertTrue(e.getMessage().contains("tile/0/001"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "../secret", "tile/../../secret", "tile\\0\\000", "tile//0/000",
        "./checkpoint", "tile/0/", "", "C:/x", "tile/\u0000"})
    void unsafePathsAreRefusedNamingThePath(String path) throws IOException {
        DirectorySource source = index();
        UnsafePathException e = assertThrows(UnsafePathException.class, () -> source.read(path));
        assertTrue(path.isEmpty() || e.getMessage().contains(path.replace("\u0000", "\\u0000")), e.getMessage());
    }

    @Test
    void symlinkOutOfTheRootIsRefused() throws IOException {
        DirectorySource source = index();
        Files.createSymbolicLink(dir.resolve("index/escape"), dir.resolve("secret"));
        UnsafePathException e = assertThrows(UnsafePathException.class, () -> source.read("escape"));
        assertTrue(e.getMessage().contains("escape") && e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void oversizeFileIsRefusedNamingItAndTheCap() throws IOException {
        DirectorySource source = index();
        Files.write(dir.resolve("index/big"), new byte[101]);
        SourceLimitException e = assertThrows(SourceLimitException.class, () -> source.read("big"));
        assertTrue(e.getMessage().contains("big") && e.getMessage().contains("100"), e.getMessage());
        Files.write(dir.resolve("index/exact"), new byte[100]);
        assertEquals(100, source.read("exact").length);
    }

    @Test
    void aFileThatChangedSizeSinceItsLstatIsReadAsItIsNowWithinTheCap() throws IOException {
        Path f = dir.resolve("f");
        byte[] bytes = new byte[90];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        Files.write(f, bytes);
        assertArrayEquals(bytes, DirectorySource.readSized(f, f, 90, 100), "as lstat said");
        assertArrayEquals(bytes, DirectorySource.readSized(f, f, 40, 100), "grew since lstat");
        assertArrayEquals(bytes, DirectorySource.readSized(f, f, 89, 90), "grew by one, to the cap");
        assertArrayEquals(bytes, DirectorySource.readSized(f, f, 95, 100), "shrank since lstat");
        assertArrayEquals(new byte[0], DirectorySource.readSized(dir.resolve("empty"),
                Files.write(dir.resolve("empty"), new byte[0]), 0, 100));
        SourceLimitException e = assertThrows(SourceLimitException.class,
                () -> DirectorySource.readSized(f, f, 40, 89));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("more than 89"), e.getMessage());
    }

    @Test
    void directoryIsNotAFile() throws IOException {
        assertThrows(NoSuchFileException.class, () -> index().read("tile/0"));
    }
}
