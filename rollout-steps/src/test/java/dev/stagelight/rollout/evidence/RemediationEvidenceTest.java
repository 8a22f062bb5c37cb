package dev.stagelight.rollout.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stagelight.publisher.cli.PublisherCli;
import dev.stagelight.rollout.evidence.GateVerdictEvidenceTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remediation actions as rollout evidence, offline on the story's recorded samples (the canary's incident from 02:30
 * to 03:00): every action taken or reverted, and the rollout transitions the engine executor made, become signed
 * entries the verifier accepts; the decisions not to act stay in the store's log; a failed append keeps the stored
 * evaluation.
 */
class RemediationEvidenceTest {
    static final Path EX = Path.of("../examples").toAbsolutePath().normalize();
    static final Path RULES = EX.resolve("story/slo-rules.yaml");
    static final Path SAMPLES = EX.resolve("story/story-samples.json");
    static final String ID = "rollout-793-story";

    @TempDir
    Path dir;
    Path keys;
    Path index;
    String store;

    @BeforeEach
    void rollout() {
        keys = dir.resolve("keys");
        index = dir.resolve("index");
        store = dir.resolve("store").toString();
        assertEquals(0, PublisherCli.run("keygen", "--out", keys.toString(), "--origin", "test.example/remediation"));
        assertEquals(0, PublisherCli.run("init", index.toString(), "--log-key", keys.resolve("log.key").toString()));
        String now = "2026-03-02T02:00:00Z";
        ok(GateVerdictEvidenceTest.run("start", "--plan", EX.resolve("story/rollout-story.json").toString(), "--tenants",
                EX.resolve("rollout/tenants.yaml").toString(), "--policies", EX.resolve("rollout/policies").toString(),
                "--store", store, "--by", "admin", "--now", now));
        ok(GateVerdictEvidenceTest.run("approve", ID, "--by", "lead", "--store", store, "--now", now));
        ok(GateVerdictEvidenceTest.run("advance", ID, "--store", store, "--now", now));
    }

    static Run ok(Run r) {
        assertEquals(0, r.code(), r.out() + r.err());
        return r;
    }

    Run remediate(Instant at, String logKey) {
        return GateVerdictEvidenceTest.run("remediate", "--rules", RULES.toString(), "--samples", SAMPLES.toString(),
                "--at", at.toString(), "--store", store, "--evidence-index", index.toString(), "--evidence-key",
                keys.resolve("signing.key.pem").toString(), "--evidence-log-key", logKey);
    }

    @Test
    void everyActionTakenOrRevertedIsASignedEntryTheDecisionsNotToActAreNot() throws Exception {
        Instant t0 = Instant.parse("2026-03-02T02:25:00Z");
        for (Instant t = t0; !t.isAfter(Instant.parse("2026-03-02T04:00:00Z")); t = t.plus(Duration.ofMinutes(5))) {
            ok(remediate(t, keys.resolve("log.key").toString()));
        }
        GateVerdictEvidenceTest.verify(index, keys);
        List<JsonNode> ps = GateVerdictEvidenceTest.predicates(index);
        List<String> trail = ps.stream().map(p -> p.get("decision").asText() + " " + p.get("action").asText()).toList();
        assertEquals(List.of("remediation.acted scale_out", "rollout.paused pause", "remediation.acted pause_rollout",
                "remediation.reverted scale_in", "rollout.resumed resume", "remediation.reverted resume_rollout"), trail,
                trail.toString());

        JsonNode pause = ps.get(2);
        assertEquals(ID, pause.get("tenant").asText());
        assertEquals("fast-burn", pause.get("rule").asText());
        assertEquals("stagelight-remediation", pause.get("actor").asText());
        assertEquals("engine", pause.get("executor").asText());
        assertTrue(pause.get("result").asText().startsWith(ID + " paused"), pause.toString());
        assertTrue(pause.at("/values/burn_rate_1h").asDouble() > 14.4 && pause.at("/values/burn_rate_5m").asDouble() > 14.4,
                pause.toString());
        assertTrue(pause.get("explanation").asText().startsWith("pause_rollout acted (rule fast-burn: "), pause.toString());
        JsonNode scaleIn = ps.get(3);
        assertTrue(scaleIn.get("result").asText().contains("scaler: revert canary pool"), scaleIn.toString());
        Instant paused = Instant.parse(pause.get("decided_at").asText());
        Instant resumed = Instant.parse(ps.get(5).get("decided_at").asText());
        assertTrue(!resumed.isBefore(paused.plus(Duration.ofMinutes(15))), paused + " -> " + resumed);

        // The store's log keeps every decision, most of them not to act; only the six actions are public.
        Run log = ok(GateVerdictEvidenceTest.run("remediate", "--rules", RULES.toString(), "--log", "--store", store));
        long lines = log.out().lines().count();
        long acted = log.out().lines().filter(l -> l.contains("\"decision\":\"acted\"") || l.contains("\"decision\":\"reverted\""))
                .count();
        assertEquals(4, acted, log.out());
        assertTrue(lines > 40, "every decision of 20 evaluations: " + lines);
    }

    @Test
    void aFailedAppendKeepsTheStoredEvaluation() throws Exception {
        Path other = dir.resolve("other-keys");
        assertEquals(0, PublisherCli.run("keygen", "--out", other.toString(), "--origin", "test.example/other"));
        Run r = remediate(Instant.parse("2026-03-02T02:30:00Z"), other.resolve("log.key").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("acted") && r.out().contains("scale_out"), "the evaluation ran and was printed: " + r.out());
        assertTrue(r.err().contains("evidence not appended to " + index) && r.err().contains("kept in the rollout store"),
                r.err());
        assertEquals("0", Files.readAllLines(index.resolve("checkpoint")).get(1), "nothing appended");
        Run log = ok(GateVerdictEvidenceTest.run("remediate", "--rules", RULES.toString(), "--log", "--store", store));
        assertTrue(log.out().contains("\"action\":\"scale_out\",\"decision\":\"acted\""), log.out());
        // The next evaluation continues from the stored state: scale_out is in force, not applied again.
        Run next = ok(remediate(Instant.parse("2026-03-02T02:35:00Z"), keys.resolve("log.key").toString()));
        assertTrue(next.out().contains("already_active") && next.out().contains("active: scale_out since 2026-03-02T02:30:00Z"),
                next.out());
        GateVerdictEvidenceTest.verify(index, keys);
    }
}
