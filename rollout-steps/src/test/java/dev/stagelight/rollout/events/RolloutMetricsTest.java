package dev.stagelight.rollout.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.rollout.cohort.CohortPlanner;
import dev.stagelight.rollout.engine.RolloutEngine;
import dev.stagelight.rollout.policy.BundleScope;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.store.DirectoryStore;
import dev.stagelight.rollout.testing.RolloutFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutMetricsTest {
    @TempDir
    Path dir;

    /** One parsed sample: name, labels, value. */
    record Sample(String name, Map<String, String> labels, double value) {}

    /**
     * A strict little parser of the text format 0.0.4: every family has HELP then TYPE before its samples, samples
     * belong to the declared family, label values are quoted with \\, \" and \n escapes, values are floats.
     */
    static List<Sample> parse(String text, Map<String, String> types) {
        Pattern sample = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)");
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\",?");
        List<Sample> out = new ArrayList<>();
        String help = null;
        String current = null;
        assertTrue(text.endsWith("\n"), "exposition ends with a newline");
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ")) {
                help = line.split(" ")[2];
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                assertEquals(help, p[2], "HELP precedes TYPE for " + p[2]);
                assertTrue(Set.of("gauge", "counter").contains(p[3]), line);
                assertTrue(types.put(p[2], p[3]) == null, "family declared twice: " + p[2]);
                current = p[2];
                continue;
            }
            Matcher m = sample.matcher(line);
            assertTrue(m.matches(), "not a sample line: " + line);
            assertEquals(current, m.group(1), "sample outside its family: " + line);
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = label.matcher(m.group(3));
                int end = 0;
                while (l.find() && l.start() == end) {
                    labels.put(l.group(1), l.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
                    end = l.end();
                }
                assertEquals(m.group(3).length(), end, "bad labels: " + line);
            }
            out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return out;
    }

    @Test
    void labelValuesAreEscapedAndParseBack() {
        String text = new PrometheusText().family("x_total", "counter", "help with \\ and\nnewline")
                .sample("x_total", 3, "tenant", "a\"b\\c\nd").render();
        assertTrue(text.contains("# HELP x_total help with \\\\ and\\nnewline\n"), text);
        List<Sample> s = parse(text, new TreeMap<>());
        assertEquals("a\"b\\c\nd", s.get(0).labels().get("tenant"));
        assertEquals(3.0, s.get(0).value());
    }

    @Test
    void exposesTheFlowsFourMetricsForARunningRollout() throws Exception {
        DirectoryStore store = DirectoryStore.open(dir.resolve("store"));
        List<RolloutEvent> events = new ArrayList<>();
        RolloutEngine engine = new RolloutEngine(store, events::add);
        var plan = RolloutFixtures.plan789(true);
        var tenants = RolloutFixtures.tenants(20);
        Instant t0 = Instant.parse("2024-12-29T11:00:00Z");
        engine.create(plan, CohortPlanner.plan(plan, tenants, BundleScope.ANY), t0, "admin");
        engine.approve("rollout-789", "a", "go", t0);
        engine.advance("rollout-789", t0, StageObservations.of(1, 0, 0, 0, 0));
        RolloutState s = engine.advance("rollout-789", t0.plusSeconds(3600), StageObservations.of(234, 3, 0.12, 0.13, 0));

        String text = RolloutMetrics.render(List.of(s), store.assignments().asMap());
        Map<String, String> types = new TreeMap<>();
        List<Sample> samples = parse(text, types);
        assertEquals(Map.of("policy_rollout_status", "gauge", "policy_rollout_tenant_count", "gauge",
                "policy_rollout_failures_total", "counter", "policy_version_active", "gauge",
                "stagelight_rollout_state", "gauge"), types);
        assertEquals(2.0, value(samples, "policy_rollout_status", Map.of("rollout_id", "rollout-789", "stage", "canary")),
                "canary is monitoring");
        assertEquals(0.0, value(samples, "policy_rollout_status", Map.of("rollout_id", "rollout-789", "stage", "full")));
        assertEquals(1.0, value(samples, "policy_rollout_tenant_count", Map.of("rollout_id", "rollout-789", "version", "v2.0.0")));
        assertEquals(19.0, value(samples, "policy_rollout_tenant_count", Map.of("rollout_id", "rollout-789", "version", "v1.0.0")));
        assertEquals(3.0, value(samples, "policy_rollout_failures_total", Map.of("rollout_id", "rollout-789", "stage", "canary")));
        assertEquals(1.0, value(samples, "policy_version_active",
                Map.of("tenant", RolloutFixtures.CANARY, "policy_set", "production", "version", "v2.0.0")));
        assertEquals(20, samples.stream().filter(x -> x.name().equals("policy_version_active")).count());

        Path prom = dir.resolve("textfile/rollout.prom");
        RolloutMetrics.writeTextfile(prom, text);
        assertEquals(text, Files.readString(prom));
        try (var listing = Files.list(prom.getParent())) {
            assertEquals(List.of(prom), listing.toList(), "no temp files left beside the .prom file");
        }
    }

    @Test
    void theFailuresCounterNeverGoesDownAndTheRolloutStateCanBeAlertedOn() throws Exception {
        DirectoryStore store = DirectoryStore.open(dir.resolve("store"));
        RolloutEngine engine = new RolloutEngine(store, e -> { });
        var plan = RolloutFixtures.plan789(false);
        Instant t0 = Instant.parse("2024-12-29T11:00:00Z");
        engine.create(plan, CohortPlanner.plan(plan, RolloutFixtures.tenants(20), BundleScope.ANY), t0, "admin");
        Map<String, String> canary = Map.of("rollout_id", "rollout-789", "stage", "canary");
        assertEquals(Map.of("pending", 1.0, "in_progress", 0.0, "paused", 0.0, "completed", 0.0, "rolled_back", 0.0,
                "failed", 0.0), states(store));
        engine.approve("rollout-789", "a", "go", t0);
        engine.advance("rollout-789", t0, StageObservations.of(1, 0, 0, 0, 0));
        List<Double> counter = new ArrayList<>();
        for (long newFailures : new long[] {3, 1, 5}) { // the 1 is a corrected, lower reading: the counter holds 3
            engine.advance("rollout-789", t0.plusSeconds(3600 * (counter.size() + 1)),
                    StageObservations.of(234, newFailures, 0.12, 0.13, 0));
            counter.add(value(parse(render(store), new TreeMap<>()), "policy_rollout_failures_total", canary));
        }
        assertEquals(List.of(3.0, 3.0, 5.0), counter);
        assertEquals(1.0, states(store).get("in_progress"));
        engine.advance("rollout-789", t0.plusSeconds(3600 * 5), StageObservations.of(900, 6, 0.1, 0.1, 51));
        Map<String, Double> paused = states(store);
        assertEquals(1.0, paused.get("paused"), "a breach without automatic rollback pauses: " + paused);
        assertEquals(1.0, paused.values().stream().mapToDouble(Double::doubleValue).sum(), "exactly one status is 1");
        assertEquals(6.0, value(parse(render(store), new TreeMap<>()), "policy_rollout_failures_total", canary));
        assertTrue(render(store).contains("# HELP stagelight_rollout_state 1 for a rollout's current status, 0 for the others"));
    }

    private static String render(DirectoryStore store) throws Exception {
        return RolloutMetrics.render(List.of(store.load("rollout-789").orElseThrow()), store.assignments().asMap());
    }

    /** status label -> value of stagelight_rollout_state for rollout-789, parsed back from the exposition. */
    private static Map<String, Double> states(DirectoryStore store) throws Exception {
        Map<String, Double> out = new TreeMap<>();
        for (Sample s : parse(render(store), new TreeMap<>())) {
            if (s.name().equals("stagelight_rollout_state")) {
                assertEquals("rollout-789", s.labels().get("rollout_id"));
                assertEquals(Set.of("rollout_id", "status"), s.labels().keySet());
                out.put(s.labels().get("status"), s.value());
            }
        }
        return out;
    }

    @Test
    void eventsAreOneJsonObjectPerLineWithTheFlowsFields() throws Exception {
        Instant t0 = Instant.parse("2024-12-29T11:00:00Z");
        RolloutEvent e = RolloutEvent.warn(t0, "rollout.rollback", "rollout-789", Map.of("reason", "x\ny"));
        String line = e.toJsonLine();
        assertTrue(!line.contains("\n"), line);
        JsonNode n = new ObjectMapper().readTree(line);
        assertEquals(List.of("ts", "level", "event", "rollout_id", "reason"), fieldNames(n));
        assertEquals("2024-12-29T11:00:00Z", n.get("ts").asText());
        assertEquals("WARN", n.get("level").asText());
        assertEquals("x\ny", n.get("reason").asText());
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static double value(List<Sample> samples, String name, Map<String, String> labels) {
        Set<Double> found = new HashSet<>();
        samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).forEach(s -> found.add(s.value()));
        assertEquals(1, found.size(), name + labels + " in " + samples);
        return found.iterator().next();
    }
}
