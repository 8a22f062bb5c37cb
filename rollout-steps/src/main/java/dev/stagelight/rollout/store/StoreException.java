package dev.stagelight.rollout.store;

/** The store could not be read or written; the message names the path (or ref) and what went wrong. */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
