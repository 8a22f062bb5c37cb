package dev.stagelight.publisher.ingest;

/** A manifest file that cannot be appended; the message names the file, the field and what was expected. */
public final class IngestException extends Exception {
    private static final long serialVersionUID = 1L;

    public IngestException(String message) {
        super(message);
    }

    public IngestException(String message, Throwable cause) {
        super(message, cause);
    }
}
