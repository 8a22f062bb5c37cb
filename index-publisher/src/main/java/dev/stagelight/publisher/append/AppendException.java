package dev.stagelight.publisher.append;

/**
 * An append that was refused or could not complete; nothing was signed (except for
 * {@link AppendVerificationException}, raised after the checkpoint was published). The message says which file and why.
 */
public sealed class AppendException extends Exception permits AppendVerificationException {
    private static final long serialVersionUID = 1L;

    public AppendException(String message) {
        super(message);
    }

    public AppendException(String message, Throwable cause) {
        super(message, cause);
    }
}
