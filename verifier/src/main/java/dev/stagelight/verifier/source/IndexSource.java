package dev.stagelight.verifier.source;

import java.io.IOException;

/** Where a published index is read from: a folder or a web server, addressed by paths relative to the index root. */
public interface IndexSource {
    /** The file's bytes; {@link java.nio.file.NoSuchFileException} when it is absent. */
    byte[] read(String relativePath) throws IOException;

    /** A human name for the file (absolute path or URL), used in messages. */
    String describe(String relativePath);

    /** The largest file this source will read. */
    long maxBytes();
}
