package dev.stagelight.rollout.expr;

import java.util.List;

/** The parsed tree of an expression; every node keeps the position of its first token for error messages. */
sealed interface Ast {
    int line();

    int column();

    record Literal(Type type, Object value, int line, int column) implements Ast {}

    record Ident(String name, int line, int column) implements Ast {}

    record Not(Ast operand, int line, int column) implements Ast {}

    record And(Ast left, Ast right, int line, int column) implements Ast {}

    record Or(Ast left, Ast right, int line, int column) implements Ast {}

    record Compare(Op op, Ast left, Ast right, int line, int column) implements Ast {}

    record In(Ast value, List<Literal> options, boolean negated, int line, int column) implements Ast {}

    enum Op {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    /** Fully parenthesised form, used to show (and test) how precedence grouped the expression. */
    static String show(Ast a) {
        if (a instanceof Literal l) {
            return l.type() == Type.STRING ? "'" + l.value() + "'" : String.valueOf(l.value() instanceof Double d && d == Math.rint(d)
                    ? Long.toString(d.longValue()) : l.value());
        }
        if (a instanceof Ident i) {
            return i.name();
        }
        if (a instanceof Not n) {
            return "(NOT " + show(n.operand()) + ")";
        }
        if (a instanceof And x) {
            return "(" + show(x.left()) + " AND " + show(x.right()) + ")";
        }
        if (a instanceof Or x) {
            return "(" + show(x.left()) + " OR " + show(x.right()) + ")";
        }
        if (a instanceof Compare c) {
            return "(" + show(c.left()) + " " + c.op().symbol + " " + show(c.right()) + ")";
        }
        In in = (In) a;
        StringBuilder sb = new StringBuilder("(").append(show(in.value())).append(in.negated() ? " NOT IN [" : " IN [");
        for (int i = 0; i < in.options().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(show(in.options().get(i)));
        }
        return sb.append("])").toString();
    }
}
