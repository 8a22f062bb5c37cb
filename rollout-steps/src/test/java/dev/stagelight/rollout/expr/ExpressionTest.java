package dev.stagelight.rollout.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpressionTest {
    static final Schema SCHEMA = Schema.builder()
            .string("severity").number("cvss").bool("kev").string("reachability")
            .number("slo.burn_rate").string("env").bool("fix_available")
            .build();

    private static boolean eval(String text, Object... kv) {
        Bindings b = SCHEMA.newBindings();
        for (int i = 0; i < kv.length; i += 2) {
            b.set((String) kv[i], kv[i + 1]);
        }
        return Expression.parse(text, SCHEMA).evaluate(b);
    }

    private static ExpressionException error(String text) {
        return assertThrows(ExpressionException.class, () -> Expression.parse(text, SCHEMA));
    }

    @Test
    void flowConditionAcrossLines() {
        String text = "severity == 'critical' AND\ncvss >= 8.5 AND\nreachability IN ['SR', 'RO', 'CR']\n";
        assertTrue(eval(text, "severity", "critical", "cvss", 8.5, "reachability", "RO"));
        assertFalse(eval(text, "severity", "critical", "cvss", 8.4, "reachability", "RO"));
        assertFalse(eval(text, "severity", "high", "cvss", 9.9, "reachability", "SR"));
        assertFalse(eval(text, "severity", "critical", "cvss", 9.9, "reachability", "UR"));
        assertEquals(Set.of("cvss", "reachability", "severity"), Expression.parse(text, SCHEMA).identifiers());
    }

    @Test
    void precedenceOrLooserThanAndLooserThanNot() {
        assertEquals("((kev == true) OR ((cvss > 9) AND (NOT fix_available)))",
                Expression.parse("kev == true OR cvss > 9 AND NOT fix_available", SCHEMA).structure());
        assertEquals("((kev OR fix_available) AND (cvss > 9))",
                Expression.parse("(kev || fix_available) && cvss > 9", SCHEMA).structure());
        assertEquals("(NOT (reachability IN ['SR', 'RO']))", Expression.parse("NOT reachability IN ['SR','RO']", SCHEMA).structure());
        // Same truth table as the grouping says: true OR (false AND ...) is true.
        assertTrue(eval("kev OR cvss > 9 AND fix_available", "kev", true, "cvss", 1.0, "fix_available", false));
        assertFalse(eval("(kev OR cvss > 9) AND fix_available", "kev", true, "cvss", 1.0, "fix_available", false));
        assertTrue(eval("!kev && !(cvss < 5)", "kev", false, "cvss", 5.0));
        assertTrue(eval("NOT NOT kev", "kev", true));
    }

    @Test
    void nestedInAndNotIn() {
        String text = "(severity IN [\"critical\", 'high'] AND reachability NOT IN ['UR']) IN [true]";
        assertTrue(eval(text, "severity", "high", "reachability", "SR"));
        assertFalse(eval(text, "severity", "high", "reachability", "UR"));
        assertFalse(eval(text, "severity", "low", "reachability", "SR"));
        assertTrue(eval("cvss IN [7, 8.5, 9.8] OR NOT (env IN ['prod', 'staging'] AND kev IN [false])",
                "cvss", 1.0, "env", "dev", "kev", false));
        assertFalse(eval("cvss IN [7, 8.5, 9.8] OR NOT (env IN ['prod', 'staging'] AND kev IN [false])",
                "cvss", 1.0, "env", "prod", "kev", false));
        assertTrue(eval("cvss IN [7, 8.5, 9.8]", "cvss", 8.5));
    }

    @Test
    void dottedIdentifiersAndCaseInsensitiveKeywords() {
        assertTrue(eval("slo.burn_rate > 2.0 and env == \"prod\"", "slo.burn_rate", 2.5, "env", "prod"));
        assertFalse(eval("slo.burn_rate > 2.0 and env == \"prod\"", "slo.burn_rate", 2.0, "env", "prod"));
        assertTrue(eval("-1 < cvss", "cvss", 0.0));
        assertTrue(eval("9 <= cvss", "cvss", 9.0));
        assertFalse(eval("9 < cvss", "cvss", 9.0));
    }

    @Test
    void missingValuesNeverMatchComparisons() {
        assertFalse(eval("cvss >= 0"));
        assertFalse(eval("severity == 'critical'"));
        assertTrue(eval("severity != 'critical'"));
        assertFalse(eval("reachability IN ['SR']"));
    }

    @Test
    void unknownIdentifierWithLineAndColumn() {
        ExpressionException e = error("severity == 'critical' AND\n  cvs >= 8.5");
        assertEquals(2, e.line());
        assertEquals(3, e.column());
        assertTrue(e.problem().startsWith("unknown identifier 'cvs' (known: severity, cvss,"), e.problem());
    }

    @Test
    void typeErrorsAtParseTime() {
        ExpressionException a = error("cvss >= 'high'");
        assertEquals("1:6: cannot compare a number with a string using >=", a.getMessage());
        ExpressionException b = error("severity > 'high'");
        assertEquals("1:10: > compares numbers, but these are strings", b.getMessage());
        ExpressionException c = error("kev AND cvss");
        assertEquals("1:9: AND needs true/false operands, but this is a number", c.getMessage());
        ExpressionException d = error("reachability IN ['SR', 3]");
        assertEquals("1:24: IN list holds strings to match the left side, but this is a number", d.getMessage());
        ExpressionException e = error("cvss");
        assertEquals("1:1: a condition must be true or false, but this is a number", e.getMessage());
    }

    @Test
    void syntaxErrors() {
        assertEquals("1:10: '=' is not an operator; use '==' to compare", error("severity = 'x'").getMessage());
        assertEquals("1:13: string is not closed (missing ')", error("severity == 'x").getMessage());
        assertEquals("1:10: comparisons do not chain; combine them with AND, got '<'", error("1 < cvss < 9").getMessage());
        assertEquals("2:1: expected ')', got end of condition", error("(kev\n").getMessage());
        assertEquals("1:17: empty list after IN", error("reachability IN []").getMessage());
        assertEquals("1:1: empty condition", error("  ").getMessage());
        assertEquals("1:5: expected AND, OR or the end of the condition, got 'kev'", error("kev kev").getMessage());
    }

    @Test
    void bindingsFromAnotherSchemaAreRefused() {
        Schema other = Schema.builder().bool("kev").build();
        Expression e = Expression.parse("kev", SCHEMA);
        assertThrows(IllegalArgumentException.class, () -> e.evaluate(other.newBindings()));
    }
}
