package dev.stagelight.verifier.source;

import java.io.IOException;

/** A file larger than the source's size cap. */
public final class SourceLimitException extends IOException {
    private static final long serialVersionUID = 1L;

    public SourceLimitException(String message) {
        super(message);
    }
}
