package dev.stagelight.verifier.source;

import java.io.IOException;

/** A file in the index exceeds the size this reader accepts; the message names the file and the limit. */
public final class FileTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public FileTooLargeException(String message) {
        super(message);
    }
}
