package dev.stagelight.rollout.expr;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one expression language of the rollout engine: policy conditions, gate conditions and remediation rules.
 *
 * <pre>
 *   severity == 'critical' AND cvss >= 8.5 AND reachability IN ['SR', 'RO', 'CR']
 *   NOT kev || (slo.burn_rate > 2.0 &amp;&amp; env != "prod")
 * </pre>
 *
 * Operators, loosest first: {@code OR ||}, {@code AND &&}, {@code NOT !}, then one of {@code == != < <= > >=},
 * {@code IN [...]}, {@code NOT IN [...]}. Literals: single- or double-quoted strings, numbers, {@code true}/{@code false}.
 * Identifiers may be dotted ({@code slo.burn_rate}) and must be declared in the {@link Schema}; types are checked when
 * parsing, so a bad condition fails at load time with a line and column, never during evaluation. {@code #} starts a
 * comment to the end of the line. Instances are immutable and thread-safe; give each thread its own {@link Bindings}.
 */
public final class Expression {
    private final String text;
    private final Ast tree;
    private final Compiler.BoolEval eval;
    private final Set<String> identifiers;
    private final Schema schema;

    private Expression(String text, Ast tree, Compiler.BoolEval eval, Set<String> identifiers, Schema schema) {
        this.text = text;
        this.tree = tree;
        this.eval = eval;
        this.identifiers = identifiers;
        this.schema = schema;
    }

    /** Parses, type-checks and compiles {@code text}; throws {@link ExpressionException} with line:column on error. */
    public static Expression parse(String text, Schema schema) {
        Ast tree = Parser.parse(text);
        Set<String> ids = new TreeSet<>();
        Compiler.BoolEval eval = Compiler.condition(tree, schema, ids);
        return new Expression(text, tree, eval, Collections.unmodifiableSet(ids), schema);
    }

    /** Evaluates against {@code bindings}, which must come from this expression's schema. */
    public boolean evaluate(Bindings bindings) {
        if (bindings.schema() != schema) {
            throw new IllegalArgumentException("bindings were made for another schema");
        }
        return eval.eval(bindings);
    }

    /** Evaluates without the schema check, for loops that made their bindings from {@link #schema()}. */
    public boolean test(Bindings bindings) {
        return eval.eval(bindings);
    }

    public String text() {
        return text;
    }

    public Schema schema() {
        return schema;
    }

    /** The identifiers the expression reads, sorted. */
    public Set<String> identifiers() {
        return identifiers;
    }

    /** The parsed tree, fully parenthesised: {@code ((a == 1) OR ((b == 2) AND (NOT c)))}. */
    public String structure() {
        return Ast.show(tree);
    }

    @Override
    public String toString() {
        return text;
    }
}
