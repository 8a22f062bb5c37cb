package dev.stagelight.publisher.publish;

/** A push that could not be done for a reason other than the log: bad input, an unreadable folder, the remote. */
public class PublishException extends Exception {
    private static final long serialVersionUID = 1L;

    public PublishException(String message) {
        super(message);
    }

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
