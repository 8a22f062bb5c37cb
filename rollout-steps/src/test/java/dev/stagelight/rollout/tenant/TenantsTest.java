package dev.stagelight.rollout.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.Strictness;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TenantsTest {
    static final Path EXAMPLE = Path.of("../examples/rollout/tenants.yaml");

    @Test
    void exampleTreeLoadsStrictly() {
        Tenants t = Tenants.load(EXAMPLE, Strictness.STRICT);
        assertTrue(t.size() >= 40, "at least 40 tenants");
        Tenant canary = t.get("platform-eng-core-services");
        assertEquals("acme-corp", canary.org());
        assertEquals("platform-engineering", canary.team());
        assertEquals("core-services", canary.project());
        assertEquals("eu-west-1", canary.region());
        assertEquals(1200, canary.scanVolume());
        assertEquals("low", canary.labels().get("risk"));
        assertTrue(canary.owner().isPresent());
        assertTrue(t.all().stream().filter(x -> x.region().startsWith("eu-")).count() >= 10);
        assertTrue(t.all().stream().filter(x -> x.region().startsWith("us-")).count() >= 10);
    }

    private static InputException fails(String yaml) {
        return assertThrows(InputException.class,
                () -> Tenants.read(InputLoader.parse("tenants.yaml", yaml, Strictness.STRICT)));
    }

    static final String ONE = "  - {id: a, org: o, team: t, project: p, region: eu-west-1, scan_volume: 3}\n";

    @Test
    void minimalTenantGetsDefaults() {
        Tenants t = Tenants.read(InputLoader.parse("tenants.yaml", "version: 1\ntenants:\n" + ONE, Strictness.STRICT));
        assertEquals(new Tenant("a", "a", "o", "t", "p", "eu-west-1", Map.of(), java.util.List.of(), 3, Optional.empty()),
                t.get("a"));
    }

    @Test
    void duplicateIdsAreRejectedWithBothLines() {
        InputException e = fails("version: 1\ntenants:\n" + ONE + ONE);
        assertEquals("tenants.yaml:4:10: /tenants/1/id: duplicate tenant id 'a' (first at line 3)", e.getMessage());
    }

    @Test
    void schemaVersionIsChecked() {
        assertEquals("tenants.yaml:1:10: /version: expected schema version 1, got 2",
                fails("version: 2\ntenants:\n" + ONE).getMessage());
        assertEquals("tenants.yaml:1:1: /version: required field is missing", fails("tenants:\n" + ONE).getMessage());
    }

    @Test
    void wrongTypesAndUnknownFields() {
        assertEquals("tenants.yaml:3:74: /tenants/0/scan_volume: expected an integer, got \"many\"",
                fails("version: 1\ntenants:\n" + ONE.replace("scan_volume: 3", "scan_volume: many")).getMessage());
        assertEquals("tenants.yaml:3:77: /tenants/0/regoin: unknown field 'regoin' (known: id, name, org, team, project,"
                        + " region, labels, data_classes, scan_volume, owner)",
                fails("version: 1\ntenants:\n" + ONE.replace("}", ", regoin: x}")).getMessage());
        Tenants lenient = Tenants.read(InputLoader.parse("tenants.yaml",
                "version: 1\ntenants:\n" + ONE.replace("}", ", regoin: x}"), Strictness.LENIENT));
        assertEquals(1, lenient.warnings().size());
        assertEquals("tenants.yaml:3:77: /tenants/0/regoin: unknown field 'regoin' (known: id, name, org, team, project,"
                + " region, labels, data_classes, scan_volume, owner)", lenient.warnings().get(0).toString());
    }

    @Test
    void yamlSyntaxErrorsAreLocated() {
        InputException e = fails("version: 1\ntenants:\n  - {id: a\n");
        assertEquals("tenants.yaml", e.file());
        assertTrue(e.line() >= 3, e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }
}
