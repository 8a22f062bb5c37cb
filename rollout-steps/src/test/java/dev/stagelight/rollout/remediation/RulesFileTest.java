package dev.stagelight.rollout.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.Strictness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesFileTest {
    static final String BASE = """
            name: t
            slo:
              objective: 99.5%%
              errors: sum(rate(e[{{interval}}]))
              total: sum(rate(t[{{interval}}]))
              windows: [5m, 1h]
            actions:
              scale_out: {cooldown: 10m, command: [/bin/true]}
            rules:
              - name: r
                when: %s
                actions: [scale_out]
            """;

    static InputException error(String text) {
        return assertThrows(InputException.class, () -> RulesFile.parse("rules.yaml", text, Strictness.STRICT, Map.of()));
    }

    @Test
    void theShippedExampleLoads() {
        RemediationRules r = RulesFile.load(Path.of("../examples/remediation/slo-rules.yaml"), Strictness.STRICT, Map.of());
        assertEquals("canary-slo", r.scope());
        assertEquals(0.995, r.slo().objective(), 1e-12);
        assertEquals(List.of(Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(6)),
                r.slo().windows());
        assertEquals(Duration.ofMinutes(15), r.greenPeriod());
        assertEquals(List.of("fast-burn", "slow-burn", "slow-canary", "undecided-canary"),
                r.rules().stream().map(RemediationRule::name).toList());
        ExecutorSpec.Webhook scaler = (ExecutorSpec.Webhook) r.actions().get(ActionKind.SCALE_OUT).executor();
        assertNull(scaler.url(), "unset variable: reported when the webhook is called, so a dry run needs none");
        assertEquals("0.005", Readings.budgetLiteral(r.slo().budget()));
    }

    @Test
    void errorsNameTheFileTheFieldAndThePlaceInTheCondition() {
        InputException e = error(BASE.formatted("burn_rate_1h > 14.4 AND burn_rate_2h > 14.4"));
        assertEquals("rules.yaml", e.file());
        assertEquals("/rules/0/when", e.field());
        assertEquals(11, e.line());
        assertEquals(35, e.column());
        assertEquals(true, e.problem().startsWith("unknown identifier 'burn_rate_2h'"), e.problem());

        InputException type = error(BASE.formatted("canary.verdict > 3"));
        assertEquals(true, type.problem().contains("cannot compare"), type.problem());

        InputException action = error(BASE.formatted("burn_rate_5m > 1").replace("actions: [scale_out]",
                "actions: [pause_rollout]"));
        assertEquals("/rules/0/actions/0", action.field());
        assertEquals("action pause_rollout is not configured under actions (executor, cooldown)", action.problem());

        InputException engine = error(BASE.formatted("burn_rate_5m > 1").replace("scale_out: {cooldown: 10m, command: [/bin/true]}",
                "scale_out: {cooldown: 10m, executor: engine}"));
        assertEquals("scale_out is not something the rollout engine does; use a webhook or a command", engine.problem());

        InputException window = error(BASE.formatted("burn_rate_5m > 1").replace("sum(rate(e[{{interval}}]))", "sum(rate(e[5m]))"));
        assertEquals("/slo/errors", window.field());

        InputException objective = error(BASE.formatted("burn_rate_5m > 1").replace("99.5%", "100%"));
        assertEquals("/slo/objective", objective.field());

        InputException stage = error(BASE.formatted("rollout.stage == 'canary'"));
        assertEquals("reads the rollout's stage or status, but the file names no rollout_id", stage.problem());
    }
}
