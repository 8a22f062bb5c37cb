package dev.stagelight.rollout.expr;

/**
 * A syntax or type error in an expression, at a 1-based line and column within the expression's text. Loaders map
 * that position into their file (see {@code InputNode.problemAt}).
 */
public final class ExpressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String problem;

    public ExpressionException(int line, int column, String problem) {
        super(line + ":" + column + ": " + problem);
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String problem() {
        return problem;
    }
}
