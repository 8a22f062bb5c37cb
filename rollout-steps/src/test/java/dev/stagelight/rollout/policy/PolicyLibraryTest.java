package dev.stagelight.rollout.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.tenant.Tenant;
import dev.stagelight.rollout.tenant.Tenants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLibraryTest {
    static final Path POLICIES = Path.of("../examples/rollout/policies");
    static final Tenants TENANTS = Tenants.load(Path.of("../examples/rollout/tenants.yaml"), Strictness.STRICT);

    @TempDir
    Path dir;

    private static List<String> names(EffectivePolicy p) {
        return p.rules().stream().map(r -> r.rule().name()).toList();
    }

    @Test
    void flowExampleLoadsVerbatimAsTheDefault() {
        PolicyLibrary lib = PolicyLibrary.load(POLICIES, Strictness.STRICT);
        assertEquals(java.util.Set.of("v1.0.0", "v2.0.0"), lib.versions("production"));
        PolicySet v2 = lib.chain(TENANTS.get("security-siem"), "production", "v2.0.0").get(0);
        assertEquals("production", v2.name());
        assertEquals("Updated production policy with KEV blocking", v2.description().orElseThrow());
        assertEquals(List.of(new PolicyChange("v1", "added", "block-kev-vulnerabilities"),
                new PolicyChange("v1", "modified", "critical-threshold (9.0 → 8.5)"),
                new PolicyChange("v1", "removed", "legacy-exception-rule")), v2.changes());
        Rule kev = v2.rules().get(0);
        assertEquals(new Rule("block-kev-vulnerabilities", Optional.of("Block any KEV-listed vulnerability"), "kev == true",
                Action.FAIL, Optional.of(Severity.CRITICAL)), kev);
        Rule reach = v2.rules().get(1);
        assertEquals("severity == 'critical' AND\ncvss >= 8.5 AND\nreachability IN ['SR', 'RO', 'CR']\n", reach.condition());
        assertEquals(Optional.empty(), reach.severity());
    }

    @Test
    void effectivePolicyCarriesProvenanceThroughAllLevels() {
        PolicyLibrary lib = PolicyLibrary.load(POLICIES, Strictness.STRICT);
        Tenant t = TENANTS.get("product-dev-data-pipeline");
        EffectivePolicy p = lib.effective(t, "production", "v2.0.0");
        assertEquals(List.of("block-kev-vulnerabilities", "no-critical-reachable", "honour-vex-not-affected",
                "block-exploit-likely-fixable", "block-critical-fix-overdue", "warn-high-reachable", "warn-stale-findings",
                "warn-medium-fixable", "warn-critical-conditional", "block-deserialization-libraries"), names(p));
        EffectiveRule reach = p.rule("no-critical-reachable").orElseThrow();
        assertEquals(PolicyLevel.PROJECT, reach.origin().level());
        assertEquals("data-pipeline", reach.origin().scopeId());
        // The project replaced the team's override, which had replaced the default's rule.
        assertEquals(PolicyLevel.TEAM, reach.overrode().orElseThrow().level());
        assertTrue(reach.rule().condition().contains("'UK'"));
        assertEquals(PolicyLevel.DEFAULT, p.rule("block-kev-vulnerabilities").orElseThrow().origin().level());
        assertEquals(PolicyLevel.ORG, p.rule("warn-stale-findings").orElseThrow().origin().level());
        assertEquals("acme-corp", p.rule("warn-stale-findings").orElseThrow().origin().scopeId());
        assertEquals(PolicyLevel.TEAM, p.rule("warn-critical-conditional").orElseThrow().origin().level());
        assertEquals(4, p.chain().size());
    }

    @Test
    void removesAndVersionSpecificLevels() {
        PolicyLibrary lib = PolicyLibrary.load(POLICIES, Strictness.STRICT);
        Tenant core = TENANTS.get("platform-eng-core-services");
        assertFalse(names(lib.effective(core, "production", "v2.0.0")).contains("warn-medium-fixable"));
        // The team file exists only for v2.0.0, so v1.0.0 keeps the org rule.
        assertTrue(names(lib.effective(core, "production", "v1.0.0")).contains("warn-medium-fixable"));
        assertTrue(names(lib.effective(core, "production", "v1.0.0")).contains("legacy-exception-rule"));
        assertFalse(names(lib.effective(core, "production", "v2.0.0")).contains("legacy-exception-rule"));
    }

    @Test
    void scopesDenyWithCodes() {
        PolicyLibrary lib = PolicyLibrary.load(POLICIES, Strictness.STRICT);
        Map<String, DenyCode> expected = Map.of(
                "cust-success-crm-sync", DenyCode.RESIDENCY,
                "finance-legacy-billing", DenyCode.LABEL,
                "finance-ledger", DenyCode.LABEL,
                "product-dev-payments-gateway-us", DenyCode.TENANT_MISMATCH);
        for (Tenant t : TENANTS.all()) {
            Optional<ScopeDenial> d = lib.effective(t, "production", "v2.0.0").checkScope(t);
            DenyCode want = expected.get(t.id());
            if (t.region().startsWith("ap-")) {
                want = DenyCode.RESIDENCY;
            }
            assertEquals(Optional.ofNullable(want), d.map(ScopeDenial::code), t.id());
            assertTrue(lib.effective(t, "production", "v1.0.0").checkScope(t).isEmpty(), t.id());
        }
    }

    private void write(String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static final String DEFAULT = "version: \"stella-dsl@1\"\nname: prod\nversion_tag: v1\nrules:\n"
            + "  - name: r1\n    condition: kev\n    action: FAIL\n";

    @Test
    void conditionErrorsPointIntoTheFile() throws IOException {
        write("default/prod/v1.yaml", "version: \"stella-dsl@1\"\nname: prod\nversion_tag: v1\nrules:\n"
                + "  - name: r1\n    condition: |\n      severity == 'critical' AND\n      cvs >= 8.5\n    action: FAIL\n");
        InputException e = assertThrows(InputException.class, () -> PolicyLibrary.load(dir, Strictness.STRICT));
        assertTrue(e.getMessage().startsWith(dir.resolve("default/prod/v1.yaml")
                + ":8:7: /rules/0/condition: unknown identifier 'cvs' (known: id, severity, cvss,"), e.getMessage());
    }

    @Test
    void typeErrorInSingleLineCondition() throws IOException {
        write("default/prod/v1.yaml", DEFAULT.replace("condition: kev", "condition: \"cvss >= 'high'\""));
        InputException e = assertThrows(InputException.class, () -> PolicyLibrary.load(dir, Strictness.STRICT));
        assertEquals(dir.resolve("default/prod/v1.yaml") + ":6:22: /rules/0/condition: cannot compare a number with a string"
                + " using >=", e.getMessage());
    }

    @Test
    void overridingARuleThatIsNotInheritedIsLocated() throws IOException {
        write("default/prod/v1.yaml", DEFAULT);
        write("org/o/prod/v1.yaml", "version: \"stella-dsl@1\"\nname: prod\nversion_tag: v1\ninherits_from: default\n"
                + "overrides:\n  - name: r9\n    condition: kev\n    action: WARN\n");
        PolicyLibrary lib = PolicyLibrary.load(dir, Strictness.STRICT);
        Tenant t = new Tenant("t", "t", "o", "tm", "p", "eu-west-1", Map.of(), List.of(), 1, Optional.empty());
        InputException e = assertThrows(InputException.class, () -> lib.effective(t, "prod", "v1"));
        assertEquals(dir.resolve("org/o/prod/v1.yaml") + ":6:5: /overrides/0: cannot override rule 'r9': not inherited"
                + " (inherited: r1); add it under rules instead", e.getMessage());
    }

    @Test
    void inheritsFromMustNameTheParentLevel() throws IOException {
        write("default/prod/v1.yaml", DEFAULT);
        write("team/tm/prod/v1.yaml", "version: \"stella-dsl@1\"\nname: prod\nversion_tag: v1\ninherits_from: default\n");
        InputException e = assertThrows(InputException.class, () -> PolicyLibrary.load(dir, Strictness.STRICT));
        assertEquals(dir.resolve("team/tm/prod/v1.yaml") + ":4:16: /inherits_from: expected \"org\" (a team policy inherits"
                + " from its org), got \"default\"", e.getMessage());
    }

    @Test
    void versionTagMustMatchTheFileName() throws IOException {
        write("default/prod/v2.yaml", DEFAULT);
        InputException e = assertThrows(InputException.class, () -> PolicyLibrary.load(dir, Strictness.STRICT));
        assertEquals(dir.resolve("default/prod/v2.yaml") + ":3:14: /version_tag: expected \"v2\" (the file name), got \"v1\"",
                e.getMessage());
    }

    @Test
    void missingDefaultVersionIsNamed() throws IOException {
        write("default/prod/v1.yaml", DEFAULT);
        PolicyLibrary lib = PolicyLibrary.load(dir, Strictness.STRICT);
        Tenant t = new Tenant("t", "t", "o", "tm", "p", "eu-west-1", Map.of(), List.of(), 1, Optional.empty());
        InputException e = assertThrows(InputException.class, () -> lib.effective(t, "prod", "v3"));
        assertEquals(dir.resolve("default/prod/v3.yaml") + ": no platform default for policy set 'prod' version 'v3'"
                + " (have: v1)", e.getMessage());
    }
}
