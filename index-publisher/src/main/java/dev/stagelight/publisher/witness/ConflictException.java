package dev.stagelight.publisher.witness;

/**
 * 409: the submission does not start from (or, at equal size, agree with) the checkpoint the witness last cosigned.
 * The client learns the witness's size ({@link #latestSize()}, the response body) and may retry from there.
 */
public final class ConflictException extends WitnessException {
    private static final long serialVersionUID = 1L;

    private final long latestSize;
    private final byte[] latestNote;

    ConflictException(String message, long latestSize, byte[] latestNote) {
        super(CONFLICT, message);
        this.latestSize = latestSize;
        this.latestNote = latestNote == null ? null : latestNote.clone();
    }

    public long latestSize() {
        return latestSize;
    }

    /** The checkpoint the witness last cosigned, as the log signed it; null when it never cosigned this log. */
    public byte[] latestNote() {
        return latestNote == null ? null : latestNote.clone();
    }
}
