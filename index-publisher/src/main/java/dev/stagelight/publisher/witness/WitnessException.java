package dev.stagelight.publisher.witness;

/**
 * The witness refuses a submission; {@link #status()} is the HTTP status C2SP tlog-witness prescribes for the
 * reason, and the message says why (it is sent to the client).
 */
public class WitnessException extends Exception {
    private static final long serialVersionUID = 1L;

    public static final int BAD_REQUEST = 400;
    public static final int FORBIDDEN = 403;
    public static final int NOT_FOUND = 404;
    public static final int CONFLICT = 409;
    public static final int UNPROCESSABLE = 422;

    private final int status;

    public WitnessException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
