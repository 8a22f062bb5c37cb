package dev.stagelight.verifier.keys;

/** A key cannot be read or used; the message names its source (file, URL or credential) and what was expected. */
public class KeyException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
