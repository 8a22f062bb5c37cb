package dev.stagelight.rollout.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits an expression into tokens. Keywords (AND OR NOT IN true false) are case-insensitive. */
final class Lexer {
    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokens(String text) {
        return new Lexer(text).run();
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                out.add(new Token(Token.Kind.END, "", line, pos - lineStart + 1));
                return out;
            }
            out.add(next());
        }
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
            } else if (c == '#') {
                // A comment runs to the end of the line.
                while (pos + 1 < text.length() && text.charAt(pos + 1) != '\n') {
                    pos++;
                }
            } else if (!Character.isWhitespace(c)) {
                return;
            }
            pos++;
        }
    }

    private Token next() {
        int startLine = line;
        int col = pos - lineStart + 1;
        char c = text.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < text.length() && isIdentPart(text.charAt(pos))) {
                pos++;
            }
            String word = text.substring(start, pos);
            if (word.endsWith(".")) {
                throw new ExpressionException(startLine, col, "identifier '" + word + "' ends with '.'");
            }
            Token.Kind kind = switch (word.toUpperCase(Locale.ROOT)) {
                case "AND" -> Token.Kind.AND;
                case "OR" -> Token.Kind.OR;
                case "NOT" -> Token.Kind.NOT;
                case "IN" -> Token.Kind.IN;
                case "TRUE" -> Token.Kind.TRUE;
                case "FALSE" -> Token.Kind.FALSE;
                default -> Token.Kind.IDENT;
            };
            return new Token(kind, word, startLine, col);
        }
        if (Character.isDigit(c) || (c == '-' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))
                || (c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
            int start = pos;
            pos++;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                pos++;
                if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                    pos++;
                }
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
            }
            String num = text.substring(start, pos);
            try {
                Double.parseDouble(num);
            } catch (NumberFormatException e) {
                throw new ExpressionException(startLine, col, "'" + num + "' is not a number");
            }
            return new Token(Token.Kind.NUMBER, num, startLine, col);
        }
        if (c == '\'' || c == '"') {
            return string(c, startLine, col);
        }
        pos++;
        String two = pos < text.length() ? "" + c + text.charAt(pos) : "" + c;
        switch (two) {
            case "==": pos++; return new Token(Token.Kind.EQ, two, startLine, col);
            case "!=": pos++; return new Token(Token.Kind.NE, two, startLine, col);
            case "<=": pos++; return new Token(Token.Kind.LE, two, startLine, col);
            case ">=": pos++; return new Token(Token.Kind.GE, two, startLine, col);
            case "&&": pos++; return new Token(Token.Kind.AND, two, startLine, col);
            case "||": pos++; return new Token(Token.Kind.OR, two, startLine, col);
            default: break;
        }
        return switch (c) {
            case '<' -> new Token(Token.Kind.LT, "<", startLine, col);
            case '>' -> new Token(Token.Kind.GT, ">", startLine, col);
            case '!' -> new Token(Token.Kind.NOT, "!", startLine, col);
            case '(' -> new Token(Token.Kind.LPAREN, "(", startLine, col);
            case ')' -> new Token(Token.Kind.RPAREN, ")", startLine, col);
            case '[' -> new Token(Token.Kind.LBRACKET, "[", startLine, col);
            case ']' -> new Token(Token.Kind.RBRACKET, "]", startLine, col);
            case ',' -> new Token(Token.Kind.COMMA, ",", startLine, col);
            case '=' -> throw new ExpressionException(startLine, col, "'=' is not an operator; use '==' to compare");
            case '&', '|' -> throw new ExpressionException(startLine, col, "'" + c + "' is not an operator; use '" + c + c + "'");
            default -> throw new ExpressionException(startLine, col, "unexpected character '" + c + "'");
        };
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }

    private Token string(char quote, int startLine, int col) {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return new Token(Token.Kind.STRING, sb.toString(), startLine, col);
            }
            if (c == '\n') {
                break;
            }
            if (c == '\\' && pos < text.length()) {
                char e = text.charAt(pos++);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                sb.append(c);
            }
        }
        throw new ExpressionException(startLine, col, "string is not closed (missing " + quote + ")");
    }
}
