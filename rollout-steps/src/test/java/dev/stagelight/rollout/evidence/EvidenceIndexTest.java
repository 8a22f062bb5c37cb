package dev.stagelight.rollout.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.cli.PublisherCli;
import dev.stagelight.rollout.cli.RolloutCli;
import dev.stagelight.rollout.engine.RolloutEngine;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.store.DirectoryStore;
import dev.stagelight.rollout.strategy.StrategiesTestSupport;
import dev.stagelight.verifier.cli.VerifierCli;
import dev.stagelight.verifier.entry.EntryKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Rollout decisions as signed rollout-evidence entries: appended through the publisher, checked by the verifier. */
class EvidenceIndexTest {
    static final Instant T0 = Instant.parse("2024-12-29T10:00:00Z");

    @TempDir
    Path dir;
    Path keys;
    Path index;

    @BeforeEach
    void index() {
        keys = dir.resolve("keys");
        index = dir.resolve("index");
        assertEquals(0, PublisherCli.run("keygen", "--out", keys.toString(), "--origin", "test.example/evidence"));
        assertEquals(0, PublisherCli.run("init", index.toString(), "--log-key", keys.resolve("log.key").toString()));
    }

    String verify() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = VerifierCli.run(new String[] {"index", index.toString(), "--log-key", keys.resolve("log.vkey").toString(),
            "--signer-key", keys.resolve("signing.pub.pem").toString()}, new PrintStream(out), new PrintStream(out));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        return text;
    }

    List<JsonNode> predicates() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(index.resolve("manifests"))) {
            return files.filter(f -> f.getFileName().toString().matches("[0-9a-f]{64}\\.json")).map(f -> {
                try {
                    return json.readTree(f.toFile());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(n -> n.get("predicate")).toList();
        }
    }

    @Test
    void everyDecisionOfARolloutWithARollbackIsASignedEntryTheVerifierAccepts() throws Exception {
        EvidenceRecorder recorder = new EvidenceRecorder();
        DirectoryStore store = DirectoryStore.open(dir.resolve("store"));
        RolloutEngine engine = new RolloutEngine(store, e -> {}, recorder);
        var sp = StrategiesTestSupport.planned("canary-traffic.yaml");
        String id = sp.plan().rolloutId();
        engine.create(sp, T0, "platform-admin");
        engine.approve(id, "policy-admin", "go", T0);
        engine.advance(id, T0, StageObservations.unavailable(Set.of()));
        var s = engine.advance(id, T0.plusSeconds(3600), StrategiesTestSupport.errorRate(0.05));
        assertEquals(RolloutStatus.ROLLED_BACK, s.status());
        int decisions = recorder.size();
        assertEquals(4, decisions, "created, approved, stage started, rollback");

        EvidenceIndex target = new EvidenceIndex(index, keys.resolve("signing.key.pem"), keys.resolve("log.key"),
                Clock.fixed(T0, ZoneOffset.UTC));
        Appender.Result r = recorder.publish(target);
        assertEquals(decisions, r.entries().size());
        assertTrue(r.entries().stream().allMatch(e -> e.kind() == EntryKind.ROLLOUT_EVIDENCE));
        assertTrue(r.entries().stream().allMatch(e -> e.tenant().equals(id) && e.region().equals("global")));
        assertTrue(r.verification().isPresent(), "read back through the verifier before success");
        assertTrue(verify().contains("VERIFIED"));

        JsonNode rollback = predicates().stream().filter(p -> p.get("decision").asText().equals("rollout.rollback"))
                .findFirst().orElseThrow();
        assertEquals("rolled_back", rollback.get("status").asText());
        assertTrue(rollback.get("explanation").asText().contains("error_rate exceeded 0.01"), rollback.toString());
        assertEquals("canary_traffic", rollback.get("strategy").asText());
        assertEquals(0, recorder.size(), "published evidence is forgotten");
    }

    @Test
    void rolloutCommandsAppendTheirEvidenceAndABadKeyFailsBeforeTheRolloutMoves() throws Exception {
        Path ex = Path.of("../examples/rollout").toAbsolutePath();
        String store = dir.resolve("cli-store").toString();
        String[] ev = {"--evidence-index", index.toString(), "--evidence-key", keys.resolve("signing.key.pem").toString(),
            "--evidence-log-key", keys.resolve("log.key").toString()};
        String out = run(concat(new String[] {"start", "--plan", ex.resolve("blue-green.yaml").toString(), "--tenants",
            ex.resolve("tenants.yaml").toString(), "--store", store, "--by", "admin"}, ev));
        assertTrue(out.contains("evidence: appended 1 rollout-evidence entries (seq 0..0)"), out);
        String bad = runErr(concat(new String[] {"approve", "rollout-791-bluegreen", "--by", "pa", "--notes", "go",
            "--store", store}, "--evidence-index", index.toString(), "--evidence-key", keys.resolve("signing.key.pem").toString()));
        assertTrue(bad.contains("--evidence-log-key"), bad);
        assertEquals(RolloutStatus.PENDING, DirectoryStore.open(Path.of(store)).load("rollout-791-bluegreen").orElseThrow()
                .status());
        assertTrue(DirectoryStore.open(Path.of(store)).load("rollout-791-bluegreen").orElseThrow().awaitingApproval(),
                "the failed command changed nothing");
        out = run(concat(new String[] {"approve", "rollout-791-bluegreen", "--by", "pa", "--notes", "go", "--store", store}, ev));
        assertTrue(out.contains("(seq 1..1)"), out);
        assertTrue(verify().contains("tree size 2"));
        assertFalse(predicates().isEmpty());
    }

    private String run(String... args) {
        CommandLine cl = RolloutCli.commandLine(Clock.fixed(T0, ZoneOffset.UTC));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute(args), err.toString());
        return out.toString();
    }

    private String runErr(String... args) {
        CommandLine cl = RolloutCli.commandLine(Clock.fixed(T0, ZoneOffset.UTC));
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute(args), err.toString());
        return err.toString();
    }

    static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
