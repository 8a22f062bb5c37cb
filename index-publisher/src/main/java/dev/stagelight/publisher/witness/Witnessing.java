package dev.stagelight.publisher.witness;

import dev.stagelight.publisher.append.AppendException;
import dev.stagelight.publisher.append.CheckpointCosigning;
import dev.stagelight.verifier.merkle.HashReader;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.NoteSignature;
import dev.stagelight.verifier.note.SignedNote;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Publishing only what at least {@code threshold} witnesses cosigned: each new checkpoint goes to every witness at
 * once (so all of them keep up, even beyond the threshold), and is published with the valid cosignatures appended,
 * in the order the witnesses were given. Fewer than the threshold: the append is refused, naming each witness that
 * did not cosign and why; the caller keeps the checkpoint private.
 */
public final class Witnessing implements CheckpointCosigning {
    private final List<WitnessClient> witnesses;
    private final int threshold;
    private final PrintStream warnings;

    public Witnessing(List<WitnessClient> witnesses, int threshold, PrintStream warnings) {
        if (witnesses.isEmpty() || threshold < 1 || threshold > witnesses.size()) {
            throw new IllegalArgumentException("witness threshold " + threshold + ": expected 1 to "
                    + witnesses.size() + " (the number of witnesses)");
        }
        this.witnesses = List.copyOf(witnesses);
        this.threshold = threshold;
        this.warnings = warnings;
    }

    @Override
    public byte[] cosign(byte[] signedNote, Checkpoint checkpoint, long oldSize, HashReader tree)
            throws AppendException {
        List<CompletableFuture<NoteSignature>> answers = new ArrayList<>();
        for (WitnessClient w : witnesses) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return w.cosign(signedNote, checkpoint, oldSize, tree);
                } catch (WitnessClient.Refusal r) {
                    throw new CompletionException(r);
                }
            }));
        }
        SignedNote note;
        try {
            note = SignedNote.parse(signedNote);
        } catch (NoteException e) {
            throw new IllegalStateException("a note we signed must parse", e);
        }
        List<String> refusals = new ArrayList<>();
        int cosigned = 0;
        for (int i = 0; i < witnesses.size(); i++) {
            try {
                note = note.withSignature(answers.get(i).join());
                cosigned++;
            } catch (CompletionException e) {
                refusals.add("witness " + witnesses.get(i) + " refused: " + e.getCause().getMessage());
            }
        }
        String summary = cosigned + " of " + witnesses.size() + " witnesses cosigned the checkpoint of size "
                + checkpoint.size() + " (" + threshold + " required)";
        if (cosigned < threshold) {
            throw new AppendException(summary + "; " + String.join("; ", refusals));
        }
        refusals.forEach(r -> warnings.println("warning: " + r));
        return note.encode();
    }
}
