package dev.stagelight.verifier.source;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the files and bytes read through a source, so reports can show what a check cost (O(log n) for a bundle). */
public final class CountingSource implements IndexSource {
    private final IndexSource inner;
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    public CountingSource(IndexSource inner) {
        this.inner = inner;
    }

    @Override
    public byte[] read(String relativePath) throws IOException {
        files.incrementAndGet();
        byte[] data = inner.read(relativePath);
        bytes.addAndGet(data.length);
        return data;
    }

    @Override
    public String describe(String relativePath) {
        return inner.describe(relativePath);
    }

    @Override
    public long maxBytes() {
        return inner.maxBytes();
    }

    /** Read attempts, including those that found no file. */
    public long files() {
        return files.get();
    }

    public long bytes() {
        return bytes.get();
    }
}
