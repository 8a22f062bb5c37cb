package dev.stagelight.rollout.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.tenant.Tenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyInheritanceErrorsTest {
    @TempDir
    Path dir;

    static final Tenant T = new Tenant("t", "t", "o", "tm", "p", "eu-west-1", Map.of(), List.of(), 1, Optional.empty());
    static final String HEAD = "version: \"stella-dsl@1\"\nname: prod\nversion_tag: v1\n";

    private void write(String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @BeforeEach
    void base() throws IOException {
        write("default/prod/v1.yaml", HEAD + "rules:\n  - {name: r1, condition: kev, action: FAIL}\n"
                + "  - {name: r2, condition: \"cvss > 9\", action: WARN}\n");
    }

    @Test
    void addingAnInheritedRuleNamesWhereItCameFrom() throws IOException {
        write("team/tm/prod/v1.yaml", HEAD + "inherits_from: org\nrules:\n  - {name: r2, condition: kev, action: FAIL}\n");
        PolicyLibrary lib = PolicyLibrary.load(dir, Strictness.STRICT);
        InputException e = assertThrows(InputException.class, () -> lib.effective(T, "prod", "v1"));
        assertEquals(dir.resolve("team/tm/prod/v1.yaml") + ":6:5: /rules/0: rule 'r2' is already inherited from default ("
                + dir.resolve("default/prod/v1.yaml") + "); replace it under overrides", e.getMessage());
    }

    @Test
    void removingARuleThatIsNotInherited() throws IOException {
        write("project/p/prod/v1.yaml", HEAD + "inherits_from: team\nremoves: [r1, r7]\n");
        PolicyLibrary lib = PolicyLibrary.load(dir, Strictness.STRICT);
        InputException e = assertThrows(InputException.class, () -> lib.effective(T, "prod", "v1"));
        assertEquals(dir.resolve("project/p/prod/v1.yaml") + ":5:15: /removes/1: cannot remove rule 'r7': not inherited"
                + " (inherited: r2)", e.getMessage());
    }

    @Test
    void projectSkipsAMissingTeamLevelAndRemoves() throws IOException {
        write("org/o/prod/v1.yaml", HEAD + "inherits_from: default\nrules:\n  - {name: r3, condition: \"severity == 'low'\", action: WARN}\n");
        write("project/p/prod/v1.yaml", HEAD + "inherits_from: team\nremoves: [r1]\n");
        EffectivePolicy p = PolicyLibrary.load(dir, Strictness.STRICT).effective(T, "prod", "v1");
        assertEquals(List.of("r2", "r3"), p.rules().stream().map(r -> r.rule().name()).toList());
        assertEquals(List.of(PolicyLevel.DEFAULT, PolicyLevel.ORG, PolicyLevel.PROJECT),
                p.chain().stream().map(PolicySet::level).toList());
    }

    @Test
    void defaultMayNotOverrideAndLayoutIsChecked() throws IOException {
        write("default/prod/v2.yaml", HEAD.replace("v1", "v2") + "overrides:\n  - {name: r1, condition: kev, action: WARN}\n");
        InputException e = assertThrows(InputException.class, () -> PolicyLibrary.load(dir, Strictness.STRICT));
        assertEquals(dir.resolve("default/prod/v2.yaml") + ":5:3: /overrides: the platform default inherits nothing, so it can"
                + " neither override nor remove rules", e.getMessage());
        Files.delete(dir.resolve("default/prod/v2.yaml"));
        write("teams/tm/prod/v1.yaml", HEAD);
        InputException layout = assertThrows(InputException.class, () -> PolicyLibrary.load(dir, Strictness.STRICT));
        assertEquals(dir.resolve("teams/tm/prod/v1.yaml") + ": not in the policy layout: expected"
                + " default/<policy_set>/<version>.yaml or {org,team,project}/<id>/<policy_set>/<version>.yaml", layout.getMessage());
    }

    @Test
    void unknownFieldsWarnWhenLenient() throws IOException {
        write("org/o/prod/v1.yaml", HEAD + "inherits_from: default\nowner: someone\n");
        InputException strict = assertThrows(InputException.class, () -> PolicyLibrary.load(dir, Strictness.STRICT));
        assertEquals(dir.resolve("org/o/prod/v1.yaml") + ":5:1: /owner: unknown field 'owner' (known: ",
                strict.getMessage().substring(0, strict.getMessage().indexOf("(known: ") + 8));
        PolicyLibrary lib = PolicyLibrary.load(dir, Strictness.LENIENT);
        assertEquals(1, lib.warnings().size());
        assertEquals("/owner", lib.warnings().get(0).field());
    }

    @Test
    void badActionAndSeverityAreLocated() throws IOException {
        write("default/prod/v1.yaml", HEAD + "rules:\n  - {name: r1, condition: kev, action: BLOCK}\n");
        InputException e = assertThrows(InputException.class, () -> PolicyLibrary.load(dir, Strictness.STRICT));
        assertEquals(dir.resolve("default/prod/v1.yaml") + ":5:40: /rules/0/action: expected one of FAIL, WARN, PASS, got"
                + " \"BLOCK\"", e.getMessage());
        write("default/prod/v1.yaml", HEAD + "rules:\n  - {name: r1, condition: kev, action: FAIL, severity: urgent}\n");
        InputException s = assertThrows(InputException.class, () -> PolicyLibrary.load(dir, Strictness.STRICT));
        assertEquals(dir.resolve("default/prod/v1.yaml") + ":5:56: /rules/0/severity: expected one of critical, high, medium,"
                + " low, info, got \"urgent\"", s.getMessage());
    }
}
