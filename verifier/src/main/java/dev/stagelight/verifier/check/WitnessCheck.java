package dev.stagelight.verifier.check;

import dev.stagelight.verifier.note.Cosignature;
import dev.stagelight.verifier.note.CosignerKey;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.NoteSignature;
import dev.stagelight.verifier.note.SignedNote;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks a checkpoint's witness cosignatures against a {@link WitnessPolicy}. Lines of unknown keys are ignored (the
 * log's own signature among them). A pinned witness counts once however many lines it has, if one of them verifies;
 * a witness whose lines all fail is named as invalid and does not count, so one broken witness cannot veto a
 * checkpoint that enough others cosigned, yet is always reported. Cosignatures dated more than {@link #FUTURE_SKEW}
 * after now are refused (the spec allows it): a witness that claims to have seen a tree in the future is broken.
 */
public final class WitnessCheck {
    public static final String CHECK = "witness-cosignatures";
    /** Clock difference tolerated between the witness and this machine. */
    public static final Duration FUTURE_SKEW = Duration.ofMinutes(10);

    /** One pinned witness's verdict on the checkpoint. */
    public record Verdict(CosignerKey witness, Status status, long timestamp, String reason) {}

    public enum Status { VALID, MISSING, INVALID }

    private WitnessCheck() {}

    /** The verdict of every pinned witness, in policy order. */
    public static List<Verdict> verdicts(SignedNote note, WitnessPolicy policy, Instant now) {
        List<Verdict> out = new ArrayList<>();
        for (CosignerKey w : policy.witnesses()) {
            List<NoteSignature> lines = note.signatures().stream().filter(w::matches).toList();
            if (lines.isEmpty()) {
                out.add(new Verdict(w, Status.MISSING, -1, "no cosignature"));
                continue;
            }
            Verdict verdict = null;
            for (NoteSignature line : lines) {
                Verdict v = judge(w, note.text(), line, now);
                if (v.status() == Status.VALID) {
                    verdict = v;
                    break;
                }
                verdict = verdict == null ? v : verdict;
            }
            out.add(verdict);
        }
        return out;
    }

    private static Verdict judge(CosignerKey w, String text, NoteSignature line, Instant now) {
        Cosignature c;
        try {
            c = w.verify(text, line);
        } catch (NoteException e) {
            return new Verdict(w, Status.INVALID, -1, e.getMessage());
        }
        Instant signed = Instant.ofEpochSecond(c.timestamp());
        if (signed.isAfter(now.plus(FUTURE_SKEW))) {
            return new Verdict(w, Status.INVALID, c.timestamp(), "cosignature time " + signed + " is in the future"
                    + " (now " + now.getEpochSecond() + ")");
        }
        return new Verdict(w, Status.VALID, c.timestamp(), "");
    }

    /**
     * Records the {@code witness-cosignatures} check for the checkpoint read from {@code source}.
     *
     * @return true when at least the policy's threshold of witnesses validly cosigned
     */
    public static boolean check(SignedNote note, String source, WitnessPolicy policy, Instant now,
            ReportBuilder report) {
        List<Verdict> verdicts = verdicts(note, policy, now);
        List<Verdict> valid = verdicts.stream().filter(v -> v.status() == Status.VALID).toList();
        List<Verdict> missing = verdicts.stream().filter(v -> v.status() == Status.MISSING).toList();
        List<Verdict> invalid = verdicts.stream().filter(v -> v.status() == Status.INVALID).toList();
        StringBuilder m = new StringBuilder(source).append(": ").append(valid.size()).append(" of ")
                .append(policy.witnesses().size()).append(" witnesses cosigned (")
                .append(policy.threshold()).append(" required)");
        if (!valid.isEmpty()) {
            m.append("; valid: ").append(valid.stream().map(v -> v.witness().keyId() + " at " + v.timestamp())
                    .collect(Collectors.joining(", ")));
        }
        if (!missing.isEmpty()) {
            m.append("; missing: ").append(missing.stream().map(v -> v.witness().keyId())
                    .collect(Collectors.joining(", ")));
        }
        if (!invalid.isEmpty()) {
            m.append("; invalid: ").append(invalid.stream().map(v -> v.witness().keyId() + " (" + v.reason() + ")")
                    .collect(Collectors.joining(", ")));
        }
        if (valid.size() >= policy.threshold()) {
            report.ok(CHECK, m.toString());
            return true;
        }
        report.failed(CHECK, m.toString());
        return false;
    }
}
