package dev.stagelight.publisher.publish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.util.FS;

/**
 * What git's own index does for {@code git add}: the size, modification time and blob id of every file published
 * last time, so the next push reads and hashes only files that changed (an append adds a few, the site rewrites a
 * few) instead of the whole folder. Kept as a JGit {@link DirCache} file in the work area, replaced by lock file and
 * rename. A file changed in the same instant as the cache was written cannot be told from an unchanged one ("racy
 * git"), so entries modified at or after the cache's own time are hashed again.
 */
public final class StatCache {
    private final DirCache locked;
    private final Map<String, DirCacheEntry> previous = new HashMap<>();
    private final Instant writtenAt;
    private final DirCacheBuilder next;

    private StatCache(DirCache locked, Instant writtenAt) {
        this.locked = locked;
        this.writtenAt = writtenAt;
        for (int i = 0; i < locked.getEntryCount(); i++) {
            DirCacheEntry e = locked.getEntry(i);
            previous.put(e.getPathString(), e);
        }
        this.next = locked.builder();
    }

    /**
     * Locks and reads the cache at {@code file} (empty when absent); {@link #save()} or {@link #close()} releases it.
     * Call it holding the index's append lock: then a lock file left beside the cache is a killed run's, and removed.
     */
    public static StatCache open(Path file) throws IOException {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".lock"));
        Instant written;
        try {
            written = Files.getLastModifiedTime(file).toInstant();
        } catch (NoSuchFileException absent) {
            written = Instant.MIN;
        }
        return new StatCache(DirCache.lock(file.toFile(), FS.DETECTED), written);
    }

    /** The blob id recorded for {@code path} if the file still has the size and modification time it had then. */
    public Optional<ObjectId> lookup(String path, BasicFileAttributes attrs) {
        DirCacheEntry e = previous.get(path);
        if (e == null || e.isSmudged()) {
            return Optional.empty();
        }
        Instant mtime = attrs.lastModifiedTime().toInstant();
        if (e.getLength() != (int) attrs.size() || !e.getLastModifiedInstant().equals(mtime) || !mtime.isBefore(writtenAt)) {
            return Optional.empty();
        }
        return Optional.of(e.getObjectId());
    }

    public void record(String path, BasicFileAttributes attrs, ObjectId id) {
        DirCacheEntry e = new DirCacheEntry(path);
        e.setFileMode(FileMode.REGULAR_FILE);
        e.setObjectId(id);
        e.setLength(attrs.size());
        e.setLastModified(attrs.lastModifiedTime().toInstant());
        next.add(e);
    }

    /** Replaces the cache with what was recorded since {@link #open}, and unlocks it. */
    public void save() throws IOException {
        next.finish();
        locked.write();
        if (!locked.commit()) {
            throw new IOException("cannot replace the publisher's stat cache (lock lost)");
        }
    }

    /** Unlocks without saving (a no-op after {@link #save()}). */
    public void close() {
        locked.unlock();
    }
}
