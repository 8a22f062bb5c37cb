package dev.stagelight.rollout.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.publisher.cli.PublisherCli;
import dev.stagelight.rollout.cli.RolloutCli;
import dev.stagelight.verifier.cli.VerifierCli;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.tiles.EntryBundle;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Gate verdicts as rollout evidence, offline on the shipped recorded samples (the hour in which the canary's error
 * ratio rose, 2026-01-02 17:00-18:00): 'rollout gate --evidence-index' appends the verdict; 'rollout advance --gates'
 * appends the verdict beside the rollback it caused; the verifier accepts both.
 */
class GateVerdictEvidenceTest {
    static final Path GATES = Path.of("../examples/gates/canary-gates.yaml").toAbsolutePath();
    static final Path SAMPLES = Path.of("../examples/gates/canary-samples.json").toAbsolutePath();
    static final Path EXAMPLES = Path.of("../examples/rollout").toAbsolutePath().normalize();
    static final Instant AT = Instant.parse("2026-01-02T18:00:00Z");

    @TempDir
    Path dir;
    Path keys;
    Path index;
    String[] ev;

    record Run(int code, String out, String err) {}

    @BeforeEach
    void index() {
        keys = dir.resolve("keys");
        index = dir.resolve("index");
        assertEquals(0, PublisherCli.run("keygen", "--out", keys.toString(), "--origin", "test.example/gates"));
        assertEquals(0, PublisherCli.run("init", index.toString(), "--log-key", keys.resolve("log.key").toString()));
        ev = new String[] {"--evidence-index", index.toString(), "--evidence-key", keys.resolve("signing.key.pem").toString(),
            "--evidence-log-key", keys.resolve("log.key").toString()};
    }

    static Run run(String... args) {
        CommandLine cl = RolloutCli.commandLine(Clock.fixed(AT, ZoneOffset.UTC));
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    static String[] with(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    /** The verifier's full check of the index, trusting only the two public keys. */
    static String verify(Path index, Path keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = VerifierCli.run(new String[] {"index", index.toString(), "--log-key", keys.resolve("log.vkey").toString(),
            "--signer-key", keys.resolve("signing.pub.pem").toString()}, new PrintStream(out), new PrintStream(out));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("VERIFIED"), text);
        return text;
    }

    /** The predicates of the index's entries in log order (read from its entry bundle; indexes under 256 entries). */
    static List<JsonNode> predicates(Path index) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long size = Long.parseLong(Files.readAllLines(index.resolve("checkpoint")).get(1));
        byte[] bundle = Files.readAllBytes(index.resolve(IndexLayout.entryBundle(0, size)));
        List<JsonNode> out = new ArrayList<>();
        for (byte[] e : EntryBundle.decode(bundle)) {
            Entry entry = Entry.parse(e, "entry");
            out.add(json.readTree(index.resolve(entry.manifestPath()).toFile()).get("predicate"));
        }
        return out;
    }

    @Test
    void aStandAloneVerdictIsAppendedWithItsValues() throws Exception {
        Run r = run(with(new String[] {"gate", "--gates", GATES.toString(), "--samples", SAMPLES.toString(), "--at",
            AT.toString()}, ev));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("evidence: appended 1 rollout-evidence entries (seq 0..0)"), r.out());
        verify(index, keys);
        JsonNode p = predicates(index).get(0);
        assertEquals("gate.verdict", p.get("decision").asText());
        assertEquals("failed", p.get("verdict_status").asText());
        assertEquals("canary-gates", p.get("tenant").asText());
        assertEquals("canary", p.get("stage").asText());
        assertTrue(p.get("explanation").asText().contains("analysis error-ratio/canary-error-ratio: failed"),
                p.get("explanation").asText());
        // Per metric: the guard's counts, each measurement of the analysis (it stops at the second failure), the
        // judge's statistics.
        assertEquals(15704.0, p.at("/verdict/guard/values/canary").asDouble(), p.toString());
        JsonNode measurements = p.at("/verdict/analysis/0/metrics/0/measurements");
        assertEquals(2, measurements.size(), p.toString());
        assertTrue(measurements.get(1).at("/values/canary").asDouble() > 0.05, p.toString());
        assertTrue(p.at("/verdict/judge/0/test/p_value").isNumber(), p.toString());
        assertTrue(p.at("/verdict/judge/0/queries").isMissingNode(), "raw series stay out of the evidence");
        assertEquals(p.get("metrics").size(), p.at("/verdict/evidence").size());
    }

    @Test
    void aGateThatRollsBackIsAppendedBesideTheRollback() throws Exception {
        String store = dir.resolve("store").toString();
        Path plan = dir.resolve("gated.json");
        Files.writeString(plan, """
                {"rollout_id": "gated-ev", "policy_set": "production", "from_version": "v1.0.0", "to_version": "v2.0.0",
                 "strategy": "staged",
                 "stages": [
                   {"name": "canary", "tenants": ["platform-eng-core-services"], "duration": "1h",
                    "analysis": [{"template": "error-ratio", "args": {"max": "0.05"}}]},
                   {"name": "full", "selection": {"method": "all"}}],
                 "rollback": {"automatic": true}}
                """);
        Instant open = AT.minusSeconds(3600);
        assertEquals(0, run(with(new String[] {"start", "--plan", plan.toString(), "--tenants",
            EXAMPLES.resolve("tenants.yaml").toString(), "--policies", EXAMPLES.resolve("policies").toString(), "--store",
            store, "--by", "admin", "--now", open.toString()}, ev)).code());
        assertEquals(0, run(with(new String[] {"approve", "gated-ev", "--by", "lead", "--store", store, "--now",
            open.toString()}, ev)).code());
        assertEquals(0, run(with(new String[] {"advance", "gated-ev", "--store", store, "--now", open.toString()}, ev))
                .code());
        Run r = run(with(new String[] {"advance", "gated-ev", "--store", store, "--now", AT.toString(), "--gates",
            GATES.toString(), "--samples", SAMPLES.toString()}, ev));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("\"event\":\"rollout.rollback\""), r.out());
        verify(index, keys);
        List<JsonNode> ps = predicates(index);
        List<String> decisions = ps.stream().map(p -> p.get("decision").asText()).toList();
        assertEquals(List.of("rollout.created", "rollout.approved", "rollout.stage.started", "gate.verdict",
                "rollout.rollback"), decisions.subList(0, 5), decisions.toString());
        JsonNode verdict = ps.get(3);
        assertEquals("gated-ev", verdict.get("rollout_id").asText());
        assertEquals("failed", verdict.get("verdict_status").asText());
        assertEquals(AT.toString(), verdict.get("decided_at").asText());
        assertTrue(ps.get(4).get("explanation").asText().contains("gate failed"), ps.get(4).toString());
    }
}
