package dev.stagelight.publisher.publish;

import dev.stagelight.verifier.check.Check;
import dev.stagelight.verifier.check.ConsistencyVerifier;
import dev.stagelight.verifier.check.ReportBuilder;
import dev.stagelight.verifier.check.SignedCheckpoint;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.NoteVerifierKey;
import dev.stagelight.verifier.note.SignedNote;
import dev.stagelight.verifier.source.IndexSource;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides whether our checkpoint may replace the one on the remote branch: only when ours provably extends it. The
 * remote's note must be signed by a trusted log key, name the same origin, be no bigger than ours, and a consistency
 * proof built from OUR hash tiles must take its root to ours. Anything else (another log, a fork, a remote that is
 * ahead, a forged note) is refused with both checkpoints, so the publisher never papers over a misbehaving log.
 */
public final class RemoteCheckpointCheck {
    private static final String CHECK = "remote-checkpoint";

    private final Collection<NoteVerifierKey> trusted;
    private final SignedCheckpoint ours;
    private final IndexSource ourIndex;

    public RemoteCheckpointCheck(Collection<NoteVerifierKey> trusted, SignedCheckpoint ours, IndexSource ourIndex) {
        this.trusted = List.copyOf(trusted);
        this.ours = ours;
        this.ourIndex = ourIndex;
    }

    /**
     * @param note   the remote branch's {@code checkpoint} file
     * @param source names it in messages (remote, branch, commit)
     * @return what was established, for the output
     * @throws PushRefusedException when ours does not extend it
     * @throws PublishException     when our tiles cannot be read
     */
    public String check(byte[] note, String source) throws PushRefusedException, PublishException {
        SignedCheckpoint remote;
        try {
            remote = SignedCheckpoint.open(note, trusted, source);
        } catch (NoteException e) {
            throw refused("the remote's checkpoint is not a checkpoint signed by the trusted log key: " + e.getMessage(),
                    unsigned(note), source);
        }
        Checkpoint theirs = remote.checkpoint();
        Checkpoint mine = ours.checkpoint();
        if (!theirs.origin().equals(mine.origin())) {
            throw refused("the remote branch holds another log (origin \"" + theirs.origin() + "\", ours is \""
                    + mine.origin() + "\")", Optional.of(theirs), source);
        }
        if (theirs.size() > mine.size()) {
            throw refused("the remote is ahead of this index (size " + theirs.size() + " > " + mine.size()
                    + "): publish from an up-to-date copy of the index", Optional.of(theirs), source);
        }
        ReportBuilder report = new ReportBuilder("push", ourIndex.toString());
        try {
            ConsistencyVerifier.check(remote, ours, ourIndex, report, CHECK);
        } catch (IOException e) {
            throw new PublishException(ourIndex + ": cannot read the hash tiles for a consistency proof from size "
                    + theirs.size() + " to " + mine.size() + ": " + e.getMessage(), e);
        }
        List<Check> checks = report.build(0, 0).checks();
        String failures = checks.stream().filter(c -> c.status() == dev.stagelight.verifier.check.CheckStatus.FAILED)
                .map(Check::message).collect(Collectors.joining("; "));
        if (!failures.isEmpty()) {
            throw refused("this index does not extend the remote's checkpoint (the log forked): " + failures,
                    Optional.of(theirs), source);
        }
        return checks.stream().map(Check::message).collect(Collectors.joining("; "));
    }

    private PushRefusedException refused(String reason, Optional<Checkpoint> theirs, String source) {
        return new PushRefusedException("push refused: " + reason, ours.checkpoint(), ours.source(), theirs, source);
    }

    /** The remote note's body when it parses at all, to show beside ours even though its signature failed. */
    private static Optional<Checkpoint> unsigned(byte[] note) {
        try {
            return Optional.of(Checkpoint.parse(SignedNote.parse(note).text()));
        } catch (NoteException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
