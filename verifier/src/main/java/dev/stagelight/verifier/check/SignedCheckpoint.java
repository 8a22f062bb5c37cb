package dev.stagelight.verifier.check;

import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.NoteVerifierKey;
import dev.stagelight.verifier.source.IndexSource;
import java.io.IOException;
import java.util.Collection;

/**
 * A checkpoint whose signature has been verified, with the exact note bytes (kept to store as state and to show
 * as evidence of a fork).
 *
 * @param note       the signed note as served
 * @param checkpoint its parsed body
 * @param source     where it was read (file or URL)
 */
public record SignedCheckpoint(byte[] note, Checkpoint checkpoint, String source) {
    /** Reads and verifies the index's current {@code checkpoint}. */
    public static SignedCheckpoint fetch(IndexSource index, Collection<NoteVerifierKey> trusted)
            throws IOException, NoteException {
        byte[] note = index.read(IndexLayout.CHECKPOINT);
        return open(note, trusted, index.describe(IndexLayout.CHECKPOINT));
    }

    /** Verifies a signed checkpoint note read from {@code source}. */
    public static SignedCheckpoint open(byte[] note, Collection<NoteVerifierKey> trusted, String source)
            throws NoteException {
        return new SignedCheckpoint(note.clone(), Checkpoint.openSigned(note, trusted, source), source);
    }

    public long size() {
        return checkpoint.size();
    }

    @Override
    public byte[] note() {
        return note.clone();
    }
}
