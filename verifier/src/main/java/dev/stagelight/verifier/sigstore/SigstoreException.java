package dev.stagelight.verifier.sigstore;

/** A Sigstore bundle or trusted root is unreadable, or the bundle does not verify; the message names the file and why. */
public class SigstoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public SigstoreException(String message) {
        super(message);
    }

    public SigstoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
