package dev.stagelight.rollout.expr;

/** One lexical token with its 1-based position in the expression text. */
record Token(Kind kind, String text, int line, int column) {
    enum Kind {
        IDENT, STRING, NUMBER, TRUE, FALSE, AND, OR, NOT, IN, EQ, NE, LT, LE, GT, GE, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, END
    }

    String show() {
        return kind == Kind.END ? "end of condition" : "'" + text + "'";
    }
}
