package dev.stagelight.publisher.site;

import dev.stagelight.verifier.io.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes site files into the index folder, each atomically (temp + rename), skipping files whose bytes are already
 * there, so a re-run writes nothing new and a git push sees only real changes. An incremental render fsyncs each
 * file as it goes; a full rebuild may defer the fsyncs to one pass at the end ({@link #syncDeferred}), since a
 * rebuild killed before that can simply be run again.
 */
final class SiteWriter {
    private final Path root;
    private final boolean deferFsync;
    private final List<Path> deferred = new ArrayList<>();
    private long filesWritten;
    private long filesUnchanged;
    private long bytesWritten;

    SiteWriter(Path root, boolean deferFsync) {
        this.root = root;
        this.deferFsync = deferFsync;
    }

    Path root() {
        return root;
    }

    void write(String path, String text) throws IOException {
        write(path, text.getBytes(StandardCharsets.UTF_8));
    }

    void write(String path, byte[] bytes) throws IOException {
        Path target = root.resolve(path);
        // A render killed mid-write leaves this path's temp file; it is ours to remove now.
        AtomicFiles.deleteLeftoverTemp(target);
        // File.length is 0 for a missing file, without the cost of an exception per new page on a rebuild.
        long existing = target.toFile().length();
        if (existing == bytes.length && existing > 0 && Arrays.equals(Files.readAllBytes(target), bytes)) {
            synchronized (this) {
                filesUnchanged++;
            }
            return;
        }
        if (existing == 0 && !Files.isDirectory(target.getParent())) {
            Files.createDirectories(target.getParent());
        }
        AtomicFiles.replace(target, bytes, !deferFsync);
        synchronized (this) {
            if (deferFsync) {
                deferred.add(target);
            }
            filesWritten++;
            bytesWritten += bytes.length;
        }
    }

    /** Reads a file this site holds, or null when absent. */
    byte[] read(String path) throws IOException {
        try {
            return Files.readAllBytes(root.resolve(path));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Makes every deferred write durable (files, then their folders), in parallel. */
    void syncDeferred() throws IOException {
        if (deferred.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Path p : deferred) {
                done.add(pool.submit(() -> force(p)));
            }
            for (Path dir : deferred.stream().map(Path::getParent).distinct().toList()) {
                done.add(pool.submit(() -> force(dir)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while syncing the site", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("cannot sync the site: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdown();
        }
        deferred.clear();
    }

    /** fsync of one file or folder (Linux lets a folder be opened for reading and forced). */
    private static Void force(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
        }
        return null;
    }

    long filesWritten() {
        return filesWritten;
    }

    long filesUnchanged() {
        return filesUnchanged;
    }

    long bytesWritten() {
        return bytesWritten;
    }
}
