package dev.stagelight.publisher.publish;

/** Every attempt was rejected because the branch kept moving; running the push again is safe. */
public final class PushGaveUpException extends Exception {
    private static final long serialVersionUID = 1L;

    public PushGaveUpException(String message) {
        super(message);
    }
}
