package dev.stagelight.rollout.input;

/**
 * Bad input: names the file, the position (1-based line:column, 0 when unknown), the field as a JSON-pointer-like
 * path and what was expected. The message reads
 * {@code plans/rollout-789.json:41:18: /stages/2/selection/value: expected a number from 0 to 100, got "lots"}.
 */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String field;
    private final String problem;

    public InputException(String file, int line, int column, String field, String problem) {
        super(format(file, line, column, field, problem));
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
        this.problem = problem;
    }

    public InputException(String file, int line, int column, String field, String problem, Throwable cause) {
        this(file, line, column, field, problem);
        initCause(cause);
    }

    static String format(String file, int line, int column, String field, String problem) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(problem).toString();
    }

    public String file() {
        return file;
    }

    /** 1-based line, 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column, 0 when unknown. */
    public int column() {
        return column;
    }

    /** JSON-pointer-like path of the field ({@code /stages/2/selection/value}), empty for the whole document. */
    public String field() {
        return field;
    }

    /** What was wrong, without the location prefix. */
    public String problem() {
        return problem;
    }
}
