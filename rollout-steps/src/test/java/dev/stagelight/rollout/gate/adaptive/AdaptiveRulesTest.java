package dev.stagelight.rollout.gate.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.Strictness;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdaptiveRulesTest {
    @Test
    void theSprintConfigLoadsAsWritten() {
        Map<String, AdaptiveRule> rules = AdaptiveRules.parse("adaptive.yaml", """
                rules:
                  - id: export-spike
                    baseline: seasonal
                    method: ewma_mad
                    min_power: 0.8
                    alpha: 0.2
                    window: 7d
                  - id: latency-drop
                    baseline: flat
                    direction: either
                    threshold: 4
                    consecutive: 2
                """, Strictness.STRICT);
        AdaptiveRule r = rules.get("export-spike");
        assertEquals(Baseline.SEASONAL, r.baseline());
        assertEquals(Season.HOUR_OF_DAY, r.season());
        assertEquals(0.2, r.alpha());
        assertEquals(Duration.ofDays(7), r.window());
        assertEquals(0.8, r.minPower());
        assertEquals(3.5, r.threshold());
        AdaptiveRule l = rules.get("latency-drop");
        assertEquals(Direction.EITHER, l.direction());
        assertEquals(2, l.consecutive());
        assertEquals("|z| > 4", l.condition());
    }

    @Test
    void badValuesNameFileLineAndField() {
        InputException e = assertThrows(InputException.class, () -> AdaptiveRules.parse("adaptive.yaml", """
                rules:
                  - id: a
                    alpha: 1.5
                """, Strictness.STRICT));
        assertEquals("adaptive.yaml:3:12: /rules/0/alpha: expected a number in (0, 1], got 1.5", e.getMessage());
        e = assertThrows(InputException.class, () -> AdaptiveRules.parse("r.json",
                "{\"rules\": [{\"id\": \"a\", \"window\": \"soon\"}]}", Strictness.STRICT));
        assertEquals("/rules/0/window", e.field());
        e = assertThrows(InputException.class, () -> AdaptiveRules.parse("adaptive.yaml", """
                rules:
                  - id: a
                    min_power: 2
                """, Strictness.STRICT));
        assertEquals("/rules/0/min_power", e.field());
        e = assertThrows(InputException.class, () -> AdaptiveRules.parse("adaptive.yaml", """
                rules:
                  - id: a
                    treshold: 3
                """, Strictness.STRICT));
        assertEquals("/rules/0/treshold", e.field());
        e = assertThrows(InputException.class, () -> AdaptiveRules.parse("adaptive.yaml", """
                rules:
                  - id: a
                  - id: a
                """, Strictness.STRICT));
        assertEquals("adaptive.yaml:3:9: /rules/1/id: rule id 'a' appears twice", e.getMessage());
        e = assertThrows(InputException.class, () -> AdaptiveRules.parse("adaptive.yaml", """
                rules:
                  - id: a
                    zone: Mars/Olympus
                """, Strictness.STRICT));
        assertEquals("/rules/0/zone", e.field());
    }
}
