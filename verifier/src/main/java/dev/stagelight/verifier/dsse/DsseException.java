package dev.stagelight.verifier.dsse;

/** A DSSE envelope or in-toto statement is malformed or does not verify; the message names the source and field. */
public class DsseException extends Exception {
    private static final long serialVersionUID = 1L;

    public DsseException(String message) {
        super(message);
    }

    public DsseException(String message, Throwable cause) {
        super(message, cause);
    }
}
