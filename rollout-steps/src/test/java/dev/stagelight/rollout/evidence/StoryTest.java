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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo story's core (scripts/demo-story.sh): the same commands over the same example files, in process. The
 * canary's gates pass, a remediation episode scales out and pauses and reverts both, early-adopters passes, the
 * majority's gates fail and the rollout rolls back; the index holds every transition, verdict and action, in order,
 * the site renders it and the verifier accepts it.
 */
class StoryTest {
    static final Path EX = Path.of("../examples").toAbsolutePath().normalize();
    static final String ID = "rollout-793-story";
    static final String DAY = "2026-03-02T";

    @TempDir
    Path dir;

    @Test
    void theStoryEndsRolledBackWithEveryDecisionInTheVerifiedIndex() throws Exception {
        Path keys = dir.resolve("keys"), index = dir.resolve("index");
        assertEquals(0, PublisherCli.run("keygen", "--out", keys.toString(), "--origin", "demo.stagelight.dev/story"));
        assertEquals(0, PublisherCli.run("init", index.toString(), "--log-key", keys.resolve("log.key").toString()));
        String[] ev = {"--evidence-index", index.toString(), "--evidence-key", keys.resolve("signing.key.pem").toString(),
            "--evidence-log-key", keys.resolve("log.key").toString(), "--store", dir.resolve("store").toString()};
        String[] gates = {"--gates", EX.resolve("gates/canary-gates.yaml").toString(), "--samples",
            EX.resolve("story/story-samples.json").toString()};

        ok(cmd(ev, "start", "--plan", EX.resolve("story/rollout-story.json").toString(), "--tenants",
                EX.resolve("rollout/tenants.yaml").toString(), "--policies", EX.resolve("rollout/policies").toString(),
                "--by", "platform-admin@acme.example", "--now", DAY + "01:00:00Z"));
        ok(cmd(ev, "approve", ID, "--by", "policy-admin@acme.example", "--notes", "Gated canary first.", "--now",
                DAY + "01:00:00Z"));
        ok(cmd(ev, "advance", ID, "--now", DAY + "01:00:00Z"));
        Run canary = ok(cmd(ev, with(gates, "advance", ID, "--now", DAY + "02:00:00Z")));
        assertTrue(canary.out().contains("gates of stage canary: canary-gates at " + DAY + "02:00:00Z: pass"), canary.out());
        ok(cmd(ev, "approve", ID, "--by", "policy-admin@acme.example", "--notes", "Canary gates passed.", "--now",
                DAY + "02:00:00Z"));
        ok(cmd(ev, "advance", ID, "--now", DAY + "02:00:00Z"));
        for (Instant t = Instant.parse(DAY + "02:25:00Z"); !t.isAfter(Instant.parse(DAY + "04:00:00Z"));
             t = t.plus(Duration.ofMinutes(5))) {
            ok(cmd(ev, "remediate", "--rules", EX.resolve("story/slo-rules.yaml").toString(), "--samples",
                    EX.resolve("story/story-samples.json").toString(), "--at", t.toString()));
        }
        // The pause held early-adopters' clock (02:40 to 03:45): its three hours end at 06:45.
        Run early = ok(cmd(ev, with(gates, "advance", ID, "--now", DAY + "06:45:00Z")));
        assertTrue(early.out().contains("gates of stage early-adopters: canary-gates at " + DAY + "06:45:00Z: pass"),
                early.out());
        assertTrue(early.out().contains("stage majority monitoring until " + DAY + "08:45:00Z"), early.out());
        Run majority = cmd(ev, with(gates, "advance", ID, "--now", DAY + "07:45:00Z"));
        assertEquals(1, majority.code(), majority.out() + majority.err());
        assertTrue(majority.out().contains(ID + ": rolled_back"), majority.out());

        assertEquals(0, PublisherCli.run("render", index.toString(), "--log-vkey", keys.resolve("log.vkey").toString()));
        String verified = GateVerdictEvidenceTest.verify(index, keys);
        List<JsonNode> ps = GateVerdictEvidenceTest.predicates(index);
        assertTrue(verified.contains("tree size " + ps.size()), verified);
        List<String> trail = new ArrayList<>();
        for (JsonNode p : ps) {
            String d = p.get("decision").asText();
            trail.add(d.equals("gate.verdict") ? d + " " + p.get("stage").asText() + " " + p.get("verdict_status").asText()
                    : d.startsWith("remediation.") ? d + " " + p.get("action").asText() : d);
        }
        assertEquals(List.of("rollout.created", "rollout.approved", "rollout.stage.started",
                "gate.verdict canary pass", "rollout.stage.completed",
                "rollout.approved", "rollout.stage.started",
                "remediation.acted scale_out", "rollout.paused", "remediation.acted pause_rollout",
                "remediation.reverted scale_in", "rollout.resumed", "remediation.reverted resume_rollout",
                "gate.verdict early-adopters pass", "rollout.stage.completed", "rollout.stage.started",
                "gate.verdict majority failed", "rollout.rollback"), trail, trail.toString());
        for (int i = 0; i < ps.size(); i++) {
            assertTrue(Files.isRegularFile(index.resolve("entries/0/" + i + ".html")), "site page of entry " + i);
        }
        assertTrue(ps.get(4).get("explanation").asText().startsWith("stage canary met its success criteria: gates pass at "
                + DAY + "02:00:00Z"), ps.get(4).toString());
        JsonNode rollback = ps.get(ps.size() - 1);
        assertEquals("rolled_back", rollback.get("status").asText());
        assertTrue(rollback.get("explanation").asText().contains("gate failed"), rollback.toString());
    }

    static Run ok(Run r) {
        assertEquals(0, r.code(), r.out() + r.err());
        return r;
    }

    static String[] with(String[] extra, String... args) {
        return GateVerdictEvidenceTest.with(args, extra);
    }

    /** A rollout command with the evidence and store options, as the demo passes them. */
    static Run cmd(String[] ev, String... args) {
        return GateVerdictEvidenceTest.run(GateVerdictEvidenceTest.with(args, ev));
    }
}
