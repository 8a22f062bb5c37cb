package dev.stagelight.verifier.note;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Signs a text as a C2SP signed note. */
public final class NoteSigner {
    private NoteSigner() {}

    /**
     * Signs {@code text} with each key in turn. The text must be non-empty, end with a newline, contain no control
     * characters other than newline and no blank line at its end (the reader would split there).
     *
     * @return the exact note bytes
     */
    public static byte[] sign(String text, NoteSignerKey... keys) throws NoteException {
        return signNote(text, keys).encode();
    }

    /** Like {@link #sign} but returns the parsed form. */
    public static SignedNote signNote(String text, NoteSignerKey... keys) throws NoteException {
        requireSignable(text);
        if (keys.length == 0) {
            throw new NoteException("signed note: at least one signing key is needed");
        }
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        List<NoteSignature> sigs = new ArrayList<>(keys.length);
        for (NoteSignerKey k : keys) {
            sigs.add(new NoteSignature(k.name(), k.verifierKey().keyHash(), k.signRaw(message)));
        }
        return new SignedNote(text, sigs);
    }

    static void requireSignable(String text) throws NoteException {
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new NoteException("note text must be non-empty and end with a newline");
        }
        if (text.endsWith("\n\n") || text.equals("\n")) {
            throw new NoteException("note text must not end with a blank line (readers split the signatures off at the last blank line)");
        }
        NoteText.requireNoControl(text, "note text");
    }
}
