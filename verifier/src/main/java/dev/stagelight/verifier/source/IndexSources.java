package dev.stagelight.verifier.source;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** Opens an index given as a folder or an http(s) URL, so every command reads both through one code path. */
public final class IndexSources {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private IndexSources() {}

    /** Opens with the default size cap ({@link DirectorySource#DEFAULT_MAX_BYTES}) and timeouts. */
    public static IndexSource open(String dirOrUrl) throws IOException {
        return open(dirOrUrl, DirectorySource.DEFAULT_MAX_BYTES);
    }

    /**
     * @throws IllegalArgumentException for a URL that is not http(s) or is malformed
     * @throws NoSuchFileException      for a folder that does not exist
     */
    public static IndexSource open(String dirOrUrl, long maxBytes) throws IOException {
        String lower = dirOrUrl.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try {
                return new HttpSource(new URI(dirOrUrl), CONNECT_TIMEOUT, REQUEST_TIMEOUT, maxBytes);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(dirOrUrl + ": malformed URL: " + e.getReason());
            }
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
            throw new IllegalArgumentException(dirOrUrl + ": unsupported scheme; expected a folder or an http(s) URL");
        }
        Path dir = Path.of(dirOrUrl);
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toAbsolutePath().toString(), null, "no such index folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir.toAbsolutePath() + " (expected an index folder)");
        }
        return new DirectorySource(dir, maxBytes);
    }
}
