package dev.stagelight.verifier.check;

import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.NoteSignature;
import dev.stagelight.verifier.note.NoteVerifierKey;
import dev.stagelight.verifier.note.SignedNote;
import dev.stagelight.verifier.source.IndexSource;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A checkpoint whose signature has been verified, with the exact note bytes (kept to store as state and to show
 * as evidence of a fork).
 *
 * @param note       the signed note as served
 * @param checkpoint its parsed body
 * @param source     where it was read (file or URL)
 * @param signedBy   names of the trusted keys whose signatures verified, in note order
 */
public record SignedCheckpoint(byte[] note, Checkpoint checkpoint, String source, List<String> signedBy) {
    public SignedCheckpoint {
        signedBy = List.copyOf(signedBy);
    }

    /** Reads and verifies the index's current {@code checkpoint}. */
    public static SignedCheckpoint fetch(IndexSource index, Collection<NoteVerifierKey> trusted)
            throws IOException, NoteException {
        byte[] note = index.read(IndexLayout.CHECKPOINT);
        return open(note, trusted, index.describe(IndexLayout.CHECKPOINT));
    }

    /** Verifies a signed checkpoint note read from {@code source}. */
    public static SignedCheckpoint open(byte[] note, Collection<NoteVerifierKey> trusted, String source)
            throws NoteException {
        try {
            SignedNote signed = SignedNote.parse(note);
            List<String> names = signed.verify(trusted).stream().map(NoteSignature::name).distinct().toList();
            return new SignedCheckpoint(note.clone(), Checkpoint.parse(signed.text()), source, names);
        } catch (NoteException e) {
            throw new NoteException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records whether the origin is the one trusted. A log's origin names it; C2SP logs name their key after their
     * origin, so by default the origin must be the name of a trusted key that signed this checkpoint (a key trusted
     * for one log then cannot vouch for a checkpoint claiming to be another). A user who trusts a key under another
     * name states the origin instead ({@code expected}, {@code --origin}).
     *
     * @return true when the origin is as trusted; otherwise a {@code checkpoint-origin} failure naming both is recorded
     */
    public boolean checkOrigin(Optional<String> expected, ReportBuilder report) {
        String origin = checkpoint.origin();
        if (expected.isPresent()) {
            if (origin.equals(expected.get())) {
                report.ok("checkpoint-origin", source + ": origin \"" + origin + "\" is the expected origin (--origin)");
                return true;
            }
            report.failed("checkpoint-origin", source + ": origin \"" + origin + "\" is not the expected origin \""
                    + expected.get() + "\" (--origin)");
            return false;
        }
        if (signedBy.contains(origin)) {
            report.ok("checkpoint-origin", source + ": origin \"" + origin + "\" is the name of the trusted key that"
                    + " signed it");
            return true;
        }
        report.failed("checkpoint-origin", source + ": origin \"" + origin + "\" is not the name of the trusted key"
                + " that signed it (" + signedBy.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "))
                + "); a log's key is named after its origin, or state the origin with --origin");
        return false;
    }

    public long size() {
        return checkpoint.size();
    }

    @Override
    public byte[] note() {
        return note.clone();
    }
}
