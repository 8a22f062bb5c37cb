package dev.stagelight.publisher.append;

/** An append that was refused or could not complete; nothing was signed. The message says which file and why. */
public final class AppendException extends Exception {
    private static final long serialVersionUID = 1L;

    public AppendException(String message) {
        super(message);
    }

    public AppendException(String message, Throwable cause) {
        super(message, cause);
    }
}
