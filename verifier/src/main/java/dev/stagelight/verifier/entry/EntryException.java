package dev.stagelight.verifier.entry;

/** An entry that is not a valid v1 entry; the message names the source, the field (JSON pointer) and what was expected. */
public final class EntryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final String pointer;

    public EntryException(String source, String pointer, String problem) {
        super(source + ": " + (pointer.isEmpty() ? "" : pointer + ": ") + problem);
        this.source = source;
        this.pointer = pointer;
    }

    /** The file or location the entry came from (e.g. {@code tile/entries/000.p/3#2}). */
    public String source() {
        return source;
    }

    /** The JSON pointer of the offending field, empty for the whole entry. */
    public String pointer() {
        return pointer;
    }
}
