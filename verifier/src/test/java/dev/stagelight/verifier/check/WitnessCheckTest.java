package dev.stagelight.verifier.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.verifier.note.NoteSignature;
import dev.stagelight.verifier.note.NoteSigner;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.note.SignedNote;
import dev.stagelight.verifier.note.WitnessCosigner;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WitnessCheckTest {
    private static final String BODY = "example.com/log\n7\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    private static final Instant NOW = Instant.parse("2026-11-24T23:42:00Z");

    private final NoteSignerKey log = gen("example.com/log");
    private final WitnessCosigner w1 = new WitnessCosigner(gen("w1.example"));
    private final WitnessCosigner w2 = new WitnessCosigner(gen("w2.example"));
    private final WitnessCosigner w3 = new WitnessCosigner(gen("w3.example"));

    private static NoteSignerKey gen(String name) {
        try {
            return NoteSignerKey.generate(name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private SignedNote note(WitnessCosigner... cosigners) throws Exception {
        SignedNote n = NoteSigner.signNote(BODY, log);
        for (WitnessCosigner w : cosigners) {
            n = n.withSignature(w.cosign(BODY, NOW.getEpochSecond() - 5).toNoteSignature());
        }
        return n;
    }

    private static ReportBuilder report() {
        return new ReportBuilder("test", "here");
    }

    private WitnessPolicy policy(int n) {
        return new WitnessPolicy(List.of(w1.verifierKey(), w2.verifierKey(), w3.verifierKey()), n);
    }

    @Test
    void thresholdOfValidWitnessesPassesAndNamesTheMissingOne() throws Exception {
        ReportBuilder r = report();
        assertTrue(WitnessCheck.check(note(w1, w2), "cp", policy(2), NOW, r));
        String msg = r.build(0, 0).checks().get(0).message();
        assertTrue(msg.contains("2 of 3 witnesses cosigned (2 required)") && msg.contains("missing: "
                + w3.verifierKey().keyId()), msg);

        ReportBuilder all = report();
        assertFalse(WitnessCheck.check(note(w1, w2), "cp", policy(3), NOW, all));
        assertTrue(all.hasFailures());
    }

    @Test
    void anInvalidCosignatureDoesNotCountAndIsNamed() throws Exception {
        // w2's line is a real cosignature, but of another checkpoint of the log: it must not vouch for this one.
        String other = BODY.replace("\n7\n", "\n8\n");
        NoteSignature forged = w2.cosign(other, NOW.getEpochSecond()).toNoteSignature();
        SignedNote n = note(w1).withSignature(forged);
        ReportBuilder r = report();
        assertFalse(WitnessCheck.check(n, "cp", policy(2), NOW, r));
        String msg = r.build(0, 0).checks().get(0).message();
        assertTrue(msg.contains("invalid: " + w2.verifierKey().keyId() + " (cosignature by") && msg.contains(
                "does not verify over this checkpoint") && msg.contains("missing: " + w3.verifierKey().keyId()), msg);
        assertTrue(WitnessCheck.check(n, "cp", policy(1), NOW, report()));
    }

    @Test
    void oneWitnessTwiceCountsOnce() throws Exception {
        assertFalse(WitnessCheck.check(note(w1, w1), "cp", policy(2), NOW, report()));
        WitnessPolicy dup = new WitnessPolicy(List.of(w1.verifierKey(), w1.verifierKey(), w2.verifierKey()), 2);
        assertEquals(2, dup.witnesses().size());
        assertFalse(WitnessCheck.check(note(w1), "cp", dup, NOW, report()));
    }

    @Test
    void aCosignatureFromTheFutureIsRefused() throws Exception {
        long future = NOW.plus(WitnessCheck.FUTURE_SKEW).getEpochSecond() + 1;
        SignedNote n = NoteSigner.signNote(BODY, log).withSignature(w1.cosign(BODY, future).toNoteSignature());
        List<WitnessCheck.Verdict> v = WitnessCheck.verdicts(n, policy(1), NOW);
        assertEquals(WitnessCheck.Status.INVALID, v.get(0).status());
        assertTrue(v.get(0).reason().contains("in the future"), v.get(0)::reason);
        SignedNote skewed = NoteSigner.signNote(BODY, log).withSignature(
                w1.cosign(BODY, future - 1).toNoteSignature());
        assertEquals(WitnessCheck.Status.VALID, WitnessCheck.verdicts(skewed, policy(1), NOW).get(0).status());
    }

    @Test
    void thresholdsOutsideOneToTheWitnessCountAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> policy(0));
        assertThrows(IllegalArgumentException.class, () -> policy(4));
        assertThrows(IllegalArgumentException.class, () -> new WitnessPolicy(List.of(), 1));
        assertEquals(3, WitnessPolicy.all(List.of(w1.verifierKey(), w2.verifierKey(), w3.verifierKey())).threshold());
    }
}
