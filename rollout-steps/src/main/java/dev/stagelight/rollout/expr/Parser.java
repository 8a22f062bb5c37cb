package dev.stagelight.rollout.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser. Precedence, loosest first: OR, AND, NOT, then one comparison or IN between operands
 * (comparisons do not chain: {@code a < b < c} is an error). Parentheses group.
 */
final class Parser {
    private final List<Token> tokens;
    private int at;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Ast parse(String text) {
        Parser p = new Parser(Lexer.tokens(text));
        if (p.peek().kind() == Token.Kind.END) {
            throw new ExpressionException(1, 1, "empty condition");
        }
        Ast a = p.or();
        Token t = p.peek();
        if (t.kind() != Token.Kind.END) {
            throw new ExpressionException(t.line(), t.column(), "expected AND, OR or the end of the condition, got " + t.show());
        }
        return a;
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token take() {
        return tokens.get(at++);
    }

    private boolean accept(Token.Kind k) {
        if (peek().kind() == k) {
            at++;
            return true;
        }
        return false;
    }

    private Token expect(Token.Kind k, String what) {
        Token t = peek();
        if (t.kind() != k) {
            throw new ExpressionException(t.line(), t.column(), "expected " + what + ", got " + t.show());
        }
        return take();
    }

    private Ast or() {
        Ast left = and();
        while (peek().kind() == Token.Kind.OR) {
            Token op = take();
            left = new Ast.Or(left, and(), op.line(), op.column());
        }
        return left;
    }

    private Ast and() {
        Ast left = not();
        while (peek().kind() == Token.Kind.AND) {
            Token op = take();
            left = new Ast.And(left, not(), op.line(), op.column());
        }
        return left;
    }

    private Ast not() {
        if (peek().kind() == Token.Kind.NOT) {
            Token t = take();
            return new Ast.Not(not(), t.line(), t.column());
        }
        return comparison();
    }

    private Ast comparison() {
        Ast left = primary();
        Token t = peek();
        Ast.Op op = switch (t.kind()) {
            case EQ -> Ast.Op.EQ;
            case NE -> Ast.Op.NE;
            case LT -> Ast.Op.LT;
            case LE -> Ast.Op.LE;
            case GT -> Ast.Op.GT;
            case GE -> Ast.Op.GE;
            default -> null;
        };
        Ast result;
        if (op != null) {
            take();
            result = new Ast.Compare(op, left, primary(), t.line(), t.column());
        } else if (t.kind() == Token.Kind.IN) {
            take();
            result = new Ast.In(left, list(), false, t.line(), t.column());
        } else if (t.kind() == Token.Kind.NOT && tokens.get(at + 1).kind() == Token.Kind.IN) {
            take();
            take();
            result = new Ast.In(left, list(), true, t.line(), t.column());
        } else {
            return left;
        }
        Token after = peek();
        if (isComparison(after.kind())) {
            throw new ExpressionException(after.line(), after.column(),
                    "comparisons do not chain; combine them with AND, got " + after.show());
        }
        return result;
    }

    private static boolean isComparison(Token.Kind k) {
        return switch (k) {
            case EQ, NE, LT, LE, GT, GE, IN -> true;
            default -> false;
        };
    }

    private List<Ast.Literal> list() {
        Token open = expect(Token.Kind.LBRACKET, "'[' to start the list after IN");
        List<Ast.Literal> out = new ArrayList<>();
        if (peek().kind() == Token.Kind.RBRACKET) {
            throw new ExpressionException(open.line(), open.column(), "empty list after IN");
        }
        do {
            Token t = peek();
            Ast a = primary();
            if (!(a instanceof Ast.Literal lit)) {
                throw new ExpressionException(t.line(), t.column(), "expected a literal in the IN list, got " + t.show());
            }
            out.add(lit);
        } while (accept(Token.Kind.COMMA));
        expect(Token.Kind.RBRACKET, "',' or ']' in the IN list");
        return out;
    }

    private Ast primary() {
        Token t = take();
        return switch (t.kind()) {
            case IDENT -> new Ast.Ident(t.text(), t.line(), t.column());
            case STRING -> new Ast.Literal(Type.STRING, t.text(), t.line(), t.column());
            case NUMBER -> new Ast.Literal(Type.NUMBER, Double.parseDouble(t.text()), t.line(), t.column());
            case TRUE -> new Ast.Literal(Type.BOOLEAN, Boolean.TRUE, t.line(), t.column());
            case FALSE -> new Ast.Literal(Type.BOOLEAN, Boolean.FALSE, t.line(), t.column());
            case LPAREN -> {
                Ast inner = or();
                expect(Token.Kind.RPAREN, "')'");
                yield inner;
            }
            default -> throw new ExpressionException(t.line(), t.column(),
                    "expected a value (identifier, string, number, true, false or '('), got " + t.show());
        };
    }
}
