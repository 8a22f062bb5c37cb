package dev.stagelight.verifier.note;

import java.time.Clock;

/**
 * Makes C2SP tlog-cosignature {@code cosignature/v1} signatures with an Ed25519 note key: the key file is an ordinary
 * note signer key ({@code PRIVATE+KEY+name+hash+base64(0x01||seed)}, as Go's transparency-dev/formats reads it), and
 * the cosignatures it makes carry the type-0x04 key hash of {@link #verifierKey()}.
 *
 * <p>A witness must keep this key for cosigning only: cosignature/v1 does not commit to the witness's name, and a key
 * that also signs checkpoints would blur which statement it made.
 */
public final class WitnessCosigner {
    private final NoteSignerKey key;
    private final CosignerKey verifierKey;

    public WitnessCosigner(NoteSignerKey key) {
        this.key = key;
        try {
            this.verifierKey = CosignerKey.ed25519(key.name(), key.verifierKey().publicKey());
        } catch (NoteException e) {
            throw new IllegalStateException("a valid note key must give a valid witness key", e);
        }
    }

    public String name() {
        return key.name();
    }

    /** The key verifiers pin (the vkey {@code name+hash+base64(0x04||pk)}). */
    public CosignerKey verifierKey() {
        return verifierKey;
    }

    /**
     * Cosigns a checkpoint body at {@code timestamp} (POSIX seconds).
     *
     * @throws NoteException when {@code text} is not a checkpoint body
     */
    public Cosignature cosign(String text, long timestamp) throws NoteException {
        Checkpoint.parse(text);
        if (timestamp < 0) {
            throw new NoteException("cosignature: timestamp " + timestamp + " is negative");
        }
        byte[] sig = key.signRaw(Cosignature.signedMessage(timestamp, text));
        return new Cosignature(name(), verifierKey.keyHash(), timestamp, sig);
    }

    /** The note with this witness's cosignature, made now by {@code clock}, appended. */
    public SignedNote cosign(SignedNote note, Clock clock) throws NoteException {
        long now = clock.instant().getEpochSecond();
        return note.withSignature(cosign(note.text(), now).toNoteSignature());
    }
}
