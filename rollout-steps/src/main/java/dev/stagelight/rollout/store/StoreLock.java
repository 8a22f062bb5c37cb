package dev.stagelight.rollout.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises writers of one store: an OS file lock for other processes plus an in-process lock (the JVM allows a
 * file lock only once per process). Held only while a step is applied; a killed holder releases it with its process.
 */
final class StoreLock {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private StoreLock() {}

    interface Body<T> {
        T run() throws StoreException;
    }

    static <T> T with(Path lockFile, Body<T> body) throws StoreException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        local.lock();
        try (FileChannel ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = ch.lock()) {
            assert held.isValid();
            return body.run();
        } catch (IOException e) {
            throw new StoreException(key + ": cannot lock the store: " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }
}
