package dev.stagelight.rollout.gate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryTemplateTest {
    private static final TemplateVars VARS = TemplateVars.stage("wave-1", List.of("a.b", "c|d", "e\"f"),
            Duration.ofMinutes(90)).withGroup(Group.BASELINE);

    @Test
    void rendersEveryPlaceholder() {
        QueryTemplate t = QueryTemplate.parse("x{tenant=~\"{{tenants}}\", stage=\"{{ stage }}\", g=\"{{group}}\"}"
                + "[{{interval}}] and y{t=\"{{tenant}}\"}");
        assertEquals(Set.of(QueryTemplate.Var.values()), t.vars());
        assertEquals("x{tenant=~\"a\\\\.b|c\\\\|d|e\\\"f\", stage=\"wave-1\", g=\"baseline\"}[1h30m]"
                + " and y{t=\"a.b\"}", t.render(VARS.withTenant("a.b")));
    }

    @Test
    void regexMetacharactersAreEscaped() {
        assertEquals("a\\.b\\*\\(c\\)\\[d\\]\\{e\\}\\^\\$\\+\\?\\\\", QueryTemplate.regexEscape("a.b*(c)[d]{e}^$+?\\"));
    }

    @Test
    void placeholdersInTheWrongPlaceFailAtParseWithTheColumn() {
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> QueryTemplate.parse("x{tenant={{tenant}}}"));
        assertTrue(outside.getMessage().startsWith("column 10: {{tenant}} must be inside a double-quoted string"),
                outside.getMessage());
        IllegalArgumentException inside = assertThrows(IllegalArgumentException.class,
                () -> QueryTemplate.parse("rate(x{a=\"[{{interval}}]\"}[5m])"));
        assertTrue(inside.getMessage().startsWith("column 12: {{interval}} must be outside strings"),
                inside.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> QueryTemplate.parse("x{a=\"{{tenantz}}\"}"));
        assertTrue(unknown.getMessage().contains("unknown placeholder {{tenantz}}"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QueryTemplate.parse("x{a=\"{{tenant\"}"));
        // An escaped quote does not end the string.
        assertEquals("x{a=\"\\\"wave-1\"}", QueryTemplate.parse("x{a=\"\\\"{{stage}}\"}").render(VARS));
    }

    @Test
    void missingValuesFailAtRender() {
        QueryTemplate perTenant = QueryTemplate.parse("x{t=\"{{tenant}}\"}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> perTenant.render(VARS)).getMessage()
                .contains("no single tenant"));
        QueryTemplate all = QueryTemplate.parse("x{t=~\"{{tenants}}\"}");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> all.render(TemplateVars.stage("s", List.of(), Duration.ofMinutes(5)))).getMessage()
                .contains("at least one tenant"));
        QueryTemplate group = QueryTemplate.parse("x{g=\"{{group}}\"}");
        assertThrows(IllegalArgumentException.class,
                () -> group.render(TemplateVars.stage("s", List.of("a"), Duration.ofMinutes(5))));
    }
}
