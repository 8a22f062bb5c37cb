package dev.stagelight.rollout.expr;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Type-checks a tree against a {@link Schema} and turns it into nested closures. Identifiers become array reads at a
 * fixed slot, literals become captured constants, and the common shapes ({@code cvss >= 8.5}, {@code severity ==
 * 'critical'}, {@code reachability IN [...]}) get specialised closures, so evaluation does no look-up and no boxing.
 */
final class Compiler {
    interface BoolEval {
        boolean eval(Bindings b);
    }

    interface NumEval {
        double eval(Bindings b);
    }

    interface StrEval {
        String eval(Bindings b);
    }

    /** A compiled sub-expression: its type and the one evaluator for that type. */
    private record Typed(Type type, BoolEval bool, NumEval num, StrEval str) {
        static Typed bool(BoolEval e) {
            return new Typed(Type.BOOLEAN, e, null, null);
        }
    }

    private final Schema schema;
    private final Set<String> used = new TreeSet<>();

    private Compiler(Schema schema) {
        this.schema = schema;
    }

    /** Compiles a condition (which must be boolean); {@code identifiers} receives the identifiers it reads. */
    static BoolEval condition(Ast tree, Schema schema, Set<String> identifiers) {
        Compiler c = new Compiler(schema);
        Typed t = c.compile(tree);
        if (t.type() != Type.BOOLEAN) {
            throw err(tree, "a condition must be true or false, but this is a " + t.type());
        }
        identifiers.addAll(c.used);
        return t.bool();
    }

    private static ExpressionException err(Ast at, String message) {
        return new ExpressionException(at.line(), at.column(), message);
    }

    private Typed compile(Ast a) {
        if (a instanceof Ast.Literal l) {
            return literal(l);
        }
        if (a instanceof Ast.Ident i) {
            return ident(i);
        }
        if (a instanceof Ast.Not n) {
            BoolEval x = bool(n.operand(), "NOT");
            return Typed.bool(b -> !x.eval(b));
        }
        if (a instanceof Ast.And x) {
            BoolEval l = bool(x.left(), "AND");
            BoolEval r = bool(x.right(), "AND");
            return Typed.bool(b -> l.eval(b) && r.eval(b));
        }
        if (a instanceof Ast.Or x) {
            BoolEval l = bool(x.left(), "OR");
            BoolEval r = bool(x.right(), "OR");
            return Typed.bool(b -> l.eval(b) || r.eval(b));
        }
        if (a instanceof Ast.Compare c) {
            return compare(c);
        }
        return in((Ast.In) a);
    }

    private BoolEval bool(Ast operand, String op) {
        Typed t = compile(operand);
        if (t.type() != Type.BOOLEAN) {
            throw err(operand, op + " needs true/false operands, but this is a " + t.type());
        }
        return t.bool();
    }

    private static Typed literal(Ast.Literal l) {
        return switch (l.type()) {
            case STRING -> {
                String s = (String) l.value();
                yield new Typed(Type.STRING, null, null, b -> s);
            }
            case NUMBER -> {
                double d = (Double) l.value();
                yield new Typed(Type.NUMBER, null, b -> d, null);
            }
            case BOOLEAN -> {
                boolean v = (Boolean) l.value();
                yield Typed.bool(b -> v);
            }
        };
    }

    private Typed ident(Ast.Ident i) {
        Schema.Slot slot = schema.slot(i.name()).orElseThrow(() -> err(i,
                "unknown identifier '" + i.name() + "' (known: " + String.join(", ", schema.slots().keySet()) + ")"));
        used.add(i.name());
        int k = slot.index();
        return switch (slot.type()) {
            case STRING -> new Typed(Type.STRING, null, null, b -> b.strings[k]);
            case NUMBER -> new Typed(Type.NUMBER, null, b -> b.numbers[k], null);
            case BOOLEAN -> Typed.bool(b -> b.booleans[k]);
        };
    }

    private Typed compare(Ast.Compare c) {
        Typed l = compile(c.left());
        Typed r = compile(c.right());
        if (l.type() != r.type()) {
            throw err(c, "cannot compare a " + l.type() + " with a " + r.type() + " using " + c.op().symbol);
        }
        boolean ordering = c.op() != Ast.Op.EQ && c.op() != Ast.Op.NE;
        if (ordering && l.type() != Type.NUMBER) {
            throw err(c, c.op().symbol + " compares numbers, but these are " + l.type() + "s");
        }
        return Typed.bool(switch (l.type()) {
            case NUMBER -> numberCompare(c, l.num(), r.num());
            case STRING -> stringCompare(c, l.str(), r.str());
            case BOOLEAN -> {
                BoolEval x = l.bool();
                BoolEval y = r.bool();
                yield c.op() == Ast.Op.EQ ? b -> x.eval(b) == y.eval(b) : b -> x.eval(b) != y.eval(b);
            }
        });
    }

    private BoolEval numberCompare(Ast.Compare c, NumEval l, NumEval r) {
        // Fast path: identifier against a literal (either side) reads one array slot and compares with a constant.
        Ast.Op op = c.op();
        if (c.left() instanceof Ast.Ident id && c.right() instanceof Ast.Literal lit) {
            return slotVsConstant(op, schema.require(id.name()).index(), (Double) lit.value());
        }
        if (c.left() instanceof Ast.Literal lit && c.right() instanceof Ast.Ident id) {
            return slotVsConstant(flip(op), schema.require(id.name()).index(), (Double) lit.value());
        }
        return switch (op) {
            case EQ -> b -> l.eval(b) == r.eval(b);
            case NE -> b -> l.eval(b) != r.eval(b);
            case LT -> b -> l.eval(b) < r.eval(b);
            case LE -> b -> l.eval(b) <= r.eval(b);
            case GT -> b -> l.eval(b) > r.eval(b);
            case GE -> b -> l.eval(b) >= r.eval(b);
        };
    }

    private static BoolEval slotVsConstant(Ast.Op op, int k, double v) {
        return switch (op) {
            case EQ -> b -> b.numbers[k] == v;
            case NE -> b -> b.numbers[k] != v;
            case LT -> b -> b.numbers[k] < v;
            case LE -> b -> b.numbers[k] <= v;
            case GT -> b -> b.numbers[k] > v;
            case GE -> b -> b.numbers[k] >= v;
        };
    }

    private static Ast.Op flip(Ast.Op op) {
        return switch (op) {
            case LT -> Ast.Op.GT;
            case LE -> Ast.Op.GE;
            case GT -> Ast.Op.LT;
            case GE -> Ast.Op.LE;
            default -> op;
        };
    }

    private BoolEval stringCompare(Ast.Compare c, StrEval l, StrEval r) {
        boolean eq = c.op() == Ast.Op.EQ;
        Ast.Ident id = c.left() instanceof Ast.Ident i ? i : c.right() instanceof Ast.Ident i2 ? i2 : null;
        Ast.Literal lit = c.left() instanceof Ast.Literal x ? x : c.right() instanceof Ast.Literal y ? y : null;
        if (id != null && lit != null) {
            int k = schema.require(id.name()).index();
            String v = (String) lit.value();
            return eq ? b -> v.equals(b.strings[k]) : b -> !v.equals(b.strings[k]);
        }
        return eq ? b -> java.util.Objects.equals(l.eval(b), r.eval(b)) : b -> !java.util.Objects.equals(l.eval(b), r.eval(b));
    }

    private Typed in(Ast.In in) {
        Typed v = compile(in.value());
        List<Ast.Literal> options = in.options();
        for (Ast.Literal o : options) {
            if (o.type() != v.type()) {
                throw err(o, "IN list holds " + v.type() + "s to match the left side, but this is a " + o.type());
            }
        }
        BoolEval test = switch (v.type()) {
            case STRING -> {
                String[] set = options.stream().map(o -> (String) o.value()).distinct().toArray(String[]::new);
                StrEval s = v.str();
                yield b -> {
                    String x = s.eval(b);
                    if (x != null) {
                        for (String o : set) {
                            if (o.equals(x)) {
                                return true;
                            }
                        }
                    }
                    return false;
                };
            }
            case NUMBER -> {
                double[] set = options.stream().mapToDouble(o -> (Double) o.value()).distinct().toArray();
                NumEval n = v.num();
                yield b -> {
                    double x = n.eval(b);
                    for (double o : set) {
                        if (o == x) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case BOOLEAN -> {
                boolean hasTrue = options.stream().anyMatch(o -> (Boolean) o.value());
                boolean hasFalse = options.stream().anyMatch(o -> !(Boolean) o.value());
                BoolEval x = v.bool();
                yield b -> x.eval(b) ? hasTrue : hasFalse;
            }
        };
        return Typed.bool(in.negated() ? b -> !test.eval(b) : test);
    }
}
