package dev.stagelight.verifier.source;

import java.io.IOException;

/**
 * Where an index is read from: a directory or a web server, through one code path. Paths are relative, with
 * forward slashes, as the index format names them ({@code checkpoint}, {@code tile/0/x001/234}).
 */
public interface IndexSource {
    /**
     * The whole file.
     *
     * @throws java.nio.file.NoSuchFileException when it does not exist
     * @throws UnsafePathException when the path could leave the index
     * @throws SourceLimitException when the file is larger than {@link #maxBytes()}
     */
    byte[] read(String relativePath) throws IOException;

    /** The file path or URL the relative path stands for, for error messages. */
    String describe(String relativePath);

    /** The size cap for one file; larger files are refused, not truncated. */
    long maxBytes();
}
