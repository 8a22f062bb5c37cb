package dev.stagelight.publisher.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cached blob id is trusted only for a file with the same size and time, changed before the cache was saved. */
class StatCacheTest {
    private static final ObjectId ID = ObjectId.fromString("0123456789abcdef0123456789abcdef01234567");

    @TempDir Path tmp;

    private static BasicFileAttributes attrs(Path p) throws Exception {
        return Files.readAttributes(p, BasicFileAttributes.class);
    }

    private Path cacheWith(Path file) throws Exception {
        Path cache = tmp.resolve("cache");
        StatCache c = StatCache.open(cache);
        c.record("page.html", attrs(file), ID);
        c.save();
        // The cache's own time is after the file's: the file is not racily clean.
        Files.setLastModifiedTime(cache, FileTime.from(attrs(file).lastModifiedTime().toInstant().plusSeconds(5)));
        return cache;
    }

    private static Optional<ObjectId> lookup(Path cache, Path file) throws Exception {
        StatCache c = StatCache.open(cache);
        try {
            return c.lookup("page.html", attrs(file));
        } finally {
            c.close();
        }
    }

    @Test
    void anUnchangedFileIsKnown() throws Exception {
        Path f = Files.writeString(tmp.resolve("page.html"), "<p>one</p>");
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-01-01T00:00:00.123456789Z")));
        Path cache = cacheWith(f);
        assertEquals(Optional.of(ID), lookup(cache, f));
    }

    @Test
    void aNewSizeOrTimeIsHashedAgain() throws Exception {
        Path f = Files.writeString(tmp.resolve("page.html"), "<p>one</p>");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Files.setLastModifiedTime(f, FileTime.from(t));
        Path cache = cacheWith(f);
        Files.writeString(f, "<p>three</p>");
        Files.setLastModifiedTime(f, FileTime.from(t));
        assertEquals(Optional.empty(), lookup(cache, f), "size changed");
        Files.writeString(f, "<p>two</p>");
        Files.setLastModifiedTime(f, FileTime.from(t.plusNanos(1000)));
        assertEquals(Optional.empty(), lookup(cache, f), "time changed");
    }

    @Test
    void aFileAsNewAsTheCacheIsRacyAndHashedAgain() throws Exception {
        Path f = Files.writeString(tmp.resolve("page.html"), "<p>one</p>");
        Path cache = cacheWith(f);
        Instant cacheTime = Files.getLastModifiedTime(cache).toInstant();
        // Recorded with this very time: a write in the same instant as the save could have gone unseen.
        Files.setLastModifiedTime(f, FileTime.from(cacheTime));
        StatCache c = StatCache.open(cache);
        c.record("page.html", attrs(f), ID);
        c.save();
        Files.setLastModifiedTime(cache, FileTime.from(cacheTime));
        assertEquals(Optional.empty(), lookup(cache, f));
    }

    @Test
    void aLockLeftByAKilledRunDoesNotBlockTheNext() throws Exception {
        Path f = Files.writeString(tmp.resolve("page.html"), "<p>one</p>");
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Path cache = cacheWith(f);
        Files.writeString(tmp.resolve("cache.lock"), "");
        assertTrue(lookup(cache, f).isPresent());
    }
}
