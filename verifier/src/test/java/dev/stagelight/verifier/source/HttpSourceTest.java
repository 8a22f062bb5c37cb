package dev.stagelight.verifier.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.verifier.testing.IndexHttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpSourceTest {
    private static final long CAP = 1024;

    @TempDir
    Path root;
    private IndexHttpServer server;

    @BeforeEach
    void serve() throws IOException {
        Files.createDirectories(root.resolve("tile/0"));
        Files.writeString(root.resolve("checkpoint"), "example.com/log\n1\nAAAA\n");
        Files.write(root.resolve("tile/0/000"), new byte[32]);
        Files.write(root.resolve("big"), new byte[(int) CAP + 1]);
        Files.write(root.resolve("exact"), new byte[(int) CAP]);
        server = IndexHttpServer.serve(root);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpSource source(URI base) {
        return new HttpSource(base, Duration.ofSeconds(2), Duration.ofSeconds(2), CAP);
    }

    @Test
    void readsFilesRelativeToTheBase() throws IOException {
        HttpSource source = source(server.uri());
        assertEquals("example.com/log\n1\nAAAA\n", new String(source.read("checkpoint"), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[32], source.read("tile/0/000"));
        assertEquals(server.uri() + "tile/0/000", source.describe("tile/0/000"));
    }

    @Test
    void aBaseWithoutTrailingSlashIsAFolder() throws IOException {
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/checkpoint"), "sub");
        HttpSource source = source(URI.create(server.uri() + "sub"));
        assertEquals("sub", new String(source.read("checkpoint"), StandardCharsets.UTF_8));
    }

    @Test
    void missingFileIsNoSuchFileNamingTheUrl() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> source(server.uri()).read("tile/0/001"));
        assertTrue(e.getMessage().contains(server.uri() + "tile/0/001"), e.getMessage());
    }

    @Test
    void followsASameHostRedirect() throws IOException {
        server.redirect("old/checkpoint", "/checkpoint");
        assertEquals("example.com/log\n1\nAAAA\n",
                new String(source(server.uri()).read("old/checkpoint"), StandardCharsets.UTF_8));
    }

    @Test
    void refusesARedirectToAnotherHost() throws IOException {
        try (IndexHttpServer other = IndexHttpServer.serve(root)) {
            String foreign = "http://localhost:" + other.port() + "/checkpoint";
            server.redirect("checkpoint", foreign);
            IOException e = assertThrows(IOException.class, () -> source(server.uri()).read("checkpoint"));
            assertTrue(e.getMessage().contains("refused redirect to " + foreign), e.getMessage());
            assertTrue(e.getMessage().contains(server.uri() + "checkpoint"), e.getMessage());
            assertEquals(0, other.requests(), "the foreign host must never be contacted");
        }
    }

    @Test
    void refusesARedirectToAnotherPortOfTheSameAddress() throws IOException {
        try (IndexHttpServer other = IndexHttpServer.serve(root)) {
            server.redirect("checkpoint", other.uri() + "checkpoint");
            assertThrows(IOException.class, () -> source(server.uri()).read("checkpoint"));
            assertEquals(0, other.requests());
        }
    }

    @Test
    void refusesEndlessRedirects() {
        server.redirect("a", "/b").redirect("b", "/a");
        IOException e = assertThrows(IOException.class, () -> source(server.uri()).read("a"));
        assertTrue(e.getMessage().contains("more than " + HttpSource.MAX_REDIRECTS + " redirects"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void refusesAFileOverTheCap(boolean chunked) throws IOException {
        server.chunked(chunked);
        HttpSource source = source(server.uri());
        assertEquals(CAP, source.read("exact").length);
        SourceLimitException e = assertThrows(SourceLimitException.class, () -> source.read("big"));
        assertTrue(e.getMessage().contains(server.uri() + "big"), e.getMessage());
        assertTrue(e.getMessage().contains(CAP + "-byte limit"), e.getMessage());
    }

    @Test
    void aStalledResponseTimesOut() {
        server.stall("checkpoint", 5_000);
        HttpSource source = new HttpSource(server.uri(), Duration.ofSeconds(1), Duration.ofMillis(300), CAP);
        IOException e = assertThrows(IOException.class, () -> source.read("checkpoint"));
        assertTrue(e.getMessage().contains("no complete response within 300 ms"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "/etc/passwd", "a/../../b", "http://evil.example/x", "//evil.example/x",
            "a//b", "a\\b", "a?b", "", "C:/x"})
    void refusesPathsThatLeaveTheRoot(String path) {
        long before = server.requests();
        assertThrows(UnsafePathException.class, () -> source(server.uri()).read(path));
        assertEquals(before, server.requests(), "an unsafe path is refused before any request");
    }

    @Test
    void refusesNonHttpBases() {
        assertThrows(IllegalArgumentException.class, () -> source(URI.create("ftp://127.0.0.1/x/")));
        assertThrows(IllegalArgumentException.class, () -> source(URI.create("http:///x/")));
        assertThrows(IllegalArgumentException.class, () -> source(URI.create("http://127.0.0.1/x/?q=1")));
    }
}
