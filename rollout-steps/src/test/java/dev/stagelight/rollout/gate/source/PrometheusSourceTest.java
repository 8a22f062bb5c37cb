package dev.stagelight.rollout.gate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.testing.OpenMetricsHistory;
import dev.stagelight.rollout.testing.PrometheusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus client against a real Prometheus holding a history written by the test, queried at fixed times. */
class PrometheusSourceTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant MID = T0.plus(Duration.ofMinutes(30));

    @TempDir
    static Path dir;
    static PrometheusServer prometheus;
    static final List<Duration> sleeps = new ArrayList<>();
    static PrometheusSource source;

    @BeforeAll
    static void start() throws Exception {
        OpenMetricsHistory h = new OpenMetricsHistory();
        for (int m = 0; m <= 60; m++) {
            Instant t = T0.plus(Duration.ofMinutes(m));
            // Counters rising 10/min, 20/min, and a decoy whose name matches "acme.eu" as an unescaped regex.
            h.add("policy_eval_requests_total", Map.of("group", "canary", "code", "ok", "tenant", "acme.eu"), t, 10 * m);
            h.add("policy_eval_requests_total", Map.of("group", "canary", "code", "ok", "tenant", "beta"), t, 20 * m);
            h.add("policy_eval_requests_total", Map.of("group", "canary", "code", "ok", "tenant", "acmexeu"), t,
                    1000 * m);
            h.add("policy_eval_latency_p95_seconds", Map.of("group", "baseline"), t, 0.2);
            h.add("policy_eval_latency_p95_seconds", Map.of("group", "canary"), t, 0.25);
            h.add("odd_value", Map.of("kind", "nan"), t, Double.NaN);
            h.add("odd_value", Map.of("kind", "inf"), t, Double.POSITIVE_INFINITY);
        }
        prometheus = PrometheusServer.start(dir, h);
        source = new PrometheusSource(prometheus.url(), RetryPolicy.defaults(), sleeps::add);
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void instantQueryAtAnExplicitTime() {
        QueryResult r = source.query(Query.instant("policy_eval_latency_p95_seconds{group=\"canary\"}", MID));
        assertEquals(Outcome.OK, r.outcome(), r.describe());
        assertEquals(1, r.series().size());
        assertEquals(0.25, r.series().get(0).samples().get(0).value());
        assertEquals(MID, r.series().get(0).samples().get(0).time());
        assertEquals(MID, r.time());
        assertEquals("policy_eval_latency_p95_seconds{group=\"canary\"}", r.query());
        assertEquals(Map.of("__name__", "policy_eval_latency_p95_seconds", "group", "canary"),
                r.series().get(0).labels());
        assertTrue(r.describe().contains("at 2026-01-01T00:30:00Z"), r.describe());
    }

    @Test
    void theEvaluationTimeDecidesNotTheWallClock() {
        QueryResult before = source.query(Query.instant("policy_eval_latency_p95_seconds", T0.minusSeconds(3600)));
        assertEquals(Outcome.EMPTY, before.outcome(), before.describe());
        QueryResult afterTheLookback = source.query(Query.instant("policy_eval_latency_p95_seconds",
                T0.plus(Duration.ofMinutes(70))));
        assertEquals(Outcome.EMPTY, afterTheLookback.outcome(), afterTheLookback.describe());
    }

    @Test
    void rangeQueryReturnsEveryStep() {
        QueryResult r = source.query(Query.range("policy_eval_latency_p95_seconds{group=\"baseline\"}",
                T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(20)), Duration.ofMinutes(1)));
        assertEquals(Outcome.OK, r.outcome(), r.describe());
        assertEquals(11, r.series().get(0).samples().size());
        assertEquals(T0.plus(Duration.ofMinutes(10)), r.series().get(0).samples().get(0).time());
        for (double v : r.values()) {
            assertEquals(0.2, v);
        }
    }

    @Test
    void templateSubstitutionEscapesTenantsAsRegexAlternation() {
        QueryTemplate t = QueryTemplate.parse("sum(rate(policy_eval_requests_total{group=\"{{group}}\","
                + " tenant=~\"{{tenants}}\"}[{{interval}}]))");
        TemplateVars vars = TemplateVars.stage("canary-25", List.of("acme.eu", "beta"), Duration.ofMinutes(5))
                .withGroup(Group.CANARY);
        String sent = t.render(vars);
        assertEquals("sum(rate(policy_eval_requests_total{group=\"canary\", tenant=~\"acme\\\\.eu|beta\"}[5m]))", sent);
        QueryResult r = source.query(Query.instant(sent, MID));
        assertEquals(Outcome.OK, r.outcome(), r.describe());
        // (10 + 20) per minute; the decoy tenant "acmexeu" (1000 per minute) must not match.
        assertEquals(0.5, r.values()[0], 1e-9, r.describe());
        assertEquals(sent, r.query());

        QueryTemplate one = QueryTemplate.parse("sum(rate(policy_eval_requests_total{tenant=\"{{tenant}}\"}[{{interval}}]))");
        QueryResult acme = source.query(Query.instant(one.render(vars.withTenant("acme.eu")), MID));
        assertEquals(10.0 / 60, acme.values()[0], 1e-9, acme.describe());
    }

    @Test
    void emptyResultIsNamed() {
        QueryResult r = source.query(Query.instant("policy_eval_requests_total{tenant=\"nobody\"}", MID));
        assertEquals(Outcome.EMPTY, r.outcome());
        assertEquals(0, r.values().length);
        assertEquals("no series matched", r.message());
    }

    @Test
    void nanAndInfinityAreNamedAndKept() {
        QueryResult nan = source.query(Query.instant("odd_value{kind=\"nan\"}", MID));
        assertEquals(Outcome.NAN, nan.outcome(), nan.describe());
        assertTrue(Double.isNaN(nan.values()[0]));
        QueryResult inf = source.query(Query.instant("odd_value{kind=\"inf\"}", MID));
        assertEquals(Outcome.INFINITE, inf.outcome(), inf.describe());
        assertEquals(Double.POSITIVE_INFINITY, inf.values()[0]);
        assertTrue(inf.message().contains("+Inf"), inf.message());
        QueryResult ratio = source.query(Query.instant("sum(policy_eval_requests_total{tenant=\"beta\"}) / 0", MID));
        assertEquals(Outcome.INFINITE, ratio.outcome(), ratio.describe());
        QueryResult zeroByZero = source.query(Query.instant("vector(0) / 0", MID));
        assertEquals(Outcome.NAN, zeroByZero.outcome(), zeroByZero.describe());
    }

    @Test
    void badPromQlIs400AndNotRetried() {
        int before = sleeps.size();
        QueryResult r = source.query(Query.instant("rate(policy_eval_requests_total[5m]", MID));
        assertEquals(Outcome.BAD_QUERY, r.outcome());
        assertTrue(r.message().startsWith("HTTP 400 bad_data: "), r.message());
        assertTrue(r.message().contains("parse error"), r.message());
        assertEquals(1, r.attempts());
        assertEquals(before, sleeps.size());
    }

    @Test
    void unevaluableQueryIs422() {
        QueryResult r = source.query(Query.instant("odd_value - ignoring(kind) odd_value", MID));
        assertEquals(Outcome.EXECUTION_ERROR, r.outcome(), r.describe());
        assertTrue(r.message().startsWith("HTTP 422 execution: "), r.message());
        assertTrue(r.message().contains("many-to-many"), r.message());
    }

    @Test
    void rangeSelectorInAnInstantQueryKeepsItsSamples() {
        // Off the minute, so the window holds minutes 26..30 whether its left end is open (Prometheus 3) or not (2).
        QueryResult r = source.query(Query.instant("policy_eval_latency_p95_seconds{group=\"canary\"}[5m]",
                MID.plusSeconds(30)));
        assertEquals(Outcome.OK, r.outcome(), r.describe());
        assertEquals(5, r.series().get(0).samples().size(), r.describe());
        assertEquals(T0.plus(Duration.ofMinutes(26)), r.series().get(0).samples().get(0).time());
    }
}
