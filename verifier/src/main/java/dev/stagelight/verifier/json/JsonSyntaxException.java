package dev.stagelight.verifier.json;

/** A document is not JSON; {@link #reason()} says what is wrong at {@link #line()}:{@link #column()}. */
public final class JsonSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final int line;
    private final int column;

    JsonSyntaxException(String reason, int line, int column) {
        super(reason + " at line " + line + ", column " + column, null, false, false);
        this.reason = reason;
        this.line = line;
        this.column = column;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
