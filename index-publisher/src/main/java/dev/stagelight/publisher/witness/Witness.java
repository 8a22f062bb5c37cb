package dev.stagelight.publisher.witness;

import dev.stagelight.verifier.merkle.ConsistencyProof;
import dev.stagelight.verifier.merkle.ProofException;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.NoteVerifierKey;
import dev.stagelight.verifier.note.SignedNote;
import dev.stagelight.verifier.note.WitnessCosigner;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A C2SP tlog-witness: cosigns a log's checkpoint only when it is signed by a key the witness trusts for that origin
 * and provably extends the checkpoint the witness last cosigned for it. The whole of {@code add-checkpoint}, from
 * reading the last size to storing the new checkpoint, runs under one lock, so two submissions cannot both pass the
 * size check and the smaller one roll the record back (the race the spec warns of).
 */
public final class Witness {
    private final WitnessCosigner cosigner;
    private final Map<String, List<NoteVerifierKey>> logs;
    private final WitnessState state;
    private final Clock clock;

    /**
     * @param logKeys the logs' checkpoint keys; each log's origin is the name of its key (C2SP logs name their key
     *     after their origin), several keys of one name are one log's keys
     */
    public Witness(WitnessCosigner cosigner, List<NoteVerifierKey> logKeys, WitnessState state, Clock clock) {
        this.cosigner = cosigner;
        Map<String, List<NoteVerifierKey>> byOrigin = new LinkedHashMap<>();
        for (NoteVerifierKey k : logKeys) {
            byOrigin.computeIfAbsent(k.name(), n -> new ArrayList<>()).add(k);
        }
        if (byOrigin.isEmpty()) {
            throw new IllegalArgumentException("a witness needs at least one log key");
        }
        byOrigin.replaceAll((o, keys) -> List.copyOf(keys));
        this.logs = Map.copyOf(byOrigin);
        this.state = state;
        this.clock = clock;
    }

    public WitnessCosigner cosigner() {
        return cosigner;
    }

    /**
     * Handles one {@code add-checkpoint} submission.
     *
     * @return the response body: this witness's cosignature line, newline-terminated
     * @throws WitnessException with the spec's status: 400 malformed, 403 not signed by a trusted key, 404 unknown
     *     origin, 409 ({@link ConflictException}) not from the last cosigned size or a fork at equal size, 422 the
     *     consistency proof does not verify
     * @throws IOException when the state cannot be read or stored; nothing was cosigned
     */
    public synchronized String addCheckpoint(AddCheckpointRequest request) throws WitnessException, IOException {
        SignedNote note;
        Checkpoint cp;
        try {
            note = SignedNote.parse(request.note());
            cp = Checkpoint.parse(note.text());
        } catch (NoteException e) {
            throw new WitnessException(WitnessException.BAD_REQUEST, "checkpoint: " + e.getMessage());
        }
        List<NoteVerifierKey> keys = logs.get(cp.origin());
        if (keys == null) {
            throw new WitnessException(WitnessException.NOT_FOUND, "unknown log origin \"" + cp.origin() + "\"");
        }
        try {
            note.verify(keys);
        } catch (NoteException e) {
            throw new WitnessException(WitnessException.FORBIDDEN, "checkpoint of " + cp.origin() + ": "
                    + e.getMessage());
        }
        long old = request.oldSize();
        if (old > cp.size()) {
            throw new WitnessException(WitnessException.BAD_REQUEST, "old size " + old
                    + " is larger than the checkpoint's size " + cp.size());
        }
        Optional<byte[]> storedNote = state.load(cp.origin());
        Checkpoint last = storedNote.isPresent() ? stored(cp.origin(), storedNote.get()) : null;
        long lastSize = last == null ? 0 : last.size();
        if (old != lastSize) {
            throw new ConflictException("old size " + old + ", but this witness last cosigned " + cp.origin()
                    + " at size " + lastSize, lastSize, storedNote.orElse(null));
        }
        if (old == cp.size()) {
            if (!request.proof().isEmpty()) {
                throw new WitnessException(WitnessException.UNPROCESSABLE, "old size equals the checkpoint's size "
                        + old + ": the consistency proof must be empty, got " + request.proof().size() + " hashes");
            }
            if (last != null && !Arrays.equals(last.rootHash(), cp.rootHash())) {
                throw new ConflictException("fork: " + cp.origin() + " at size " + old + " has another root hash"
                        + " than the checkpoint this witness cosigned", lastSize, storedNote.get());
            }
        } else if (old == 0) {
            if (!request.proof().isEmpty()) {
                throw new WitnessException(WitnessException.UNPROCESSABLE,
                        "old size 0: the consistency proof must be empty, got " + request.proof().size() + " hashes");
            }
        } else {
            try {
                ConsistencyProof.verify(old, cp.size(), last.rootHash(), cp.rootHash(), request.proof());
            } catch (ProofException e) {
                throw new WitnessException(WitnessException.UNPROCESSABLE, "consistency proof from size " + old
                        + " to " + cp.size() + " of " + cp.origin() + " does not verify: " + e.getMessage());
            }
        }
        // Durable before the cosignature exists: a witness must never vouch for a tree it could forget.
        state.store(cp.origin(), request.note());
        try {
            return cosigner.cosign(note.text(), clock.instant().getEpochSecond()).toNoteSignature().line() + "\n";
        } catch (NoteException e) {
            throw new IllegalStateException("a parsed checkpoint must be cosignable", e);
        }
    }

    /**
     * Parses our own state file. Its log signature is not checked again: it was checked before the file was written,
     * and a log key later removed from the configuration must not make the witness forget how far it cosigned.
     */
    private Checkpoint stored(String origin, byte[] note) throws IOException {
        try {
            return Checkpoint.parse(SignedNote.parse(note).text());
        } catch (NoteException e) {
            throw new IOException(state.fileOf(origin) + ": witness state of " + origin
                    + " is not a checkpoint note: " + e.getMessage());
        }
    }
}
