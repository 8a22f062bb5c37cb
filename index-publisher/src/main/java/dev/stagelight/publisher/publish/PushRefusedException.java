package dev.stagelight.publisher.publish;

import dev.stagelight.verifier.note.Checkpoint;
import java.util.Base64;
import java.util.Optional;

/**
 * The remote branch holds a checkpoint that ours does not provably extend (another log, a fork, a bigger tree, a bad
 * signature): publishing over it would hide a misbehaving log, so nothing is pushed.
 */
public final class PushRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Checkpoint ours;
    private final transient Checkpoint remote;
    private final String oursSource;
    private final String remoteSource;

    /**
     * @param remote the remote's checkpoint when it could be parsed (empty for a note that does not parse)
     */
    public PushRefusedException(String reason, Checkpoint ours, String oursSource, Optional<Checkpoint> remote,
            String remoteSource) {
        super(reason);
        this.ours = ours;
        this.remote = remote.orElse(null);
        this.oursSource = oursSource;
        this.remoteSource = remoteSource;
    }

    public Checkpoint ours() {
        return ours;
    }

    public Optional<Checkpoint> remote() {
        return Optional.ofNullable(remote);
    }

    /** The reason, then both checkpoints (origin, size, root hash), one a line, for the user to compare. */
    public String describe() {
        return getMessage() + "\n" + "  ours:   " + oursSource + ": " + summary(ours) + "\n" + "  remote: " + remoteSource
                + ": " + (remote == null ? "(not a checkpoint)" : summary(remote)) + "\n";
    }

    static String summary(Checkpoint c) {
        return "origin " + c.origin() + ", size " + c.size() + ", root hash "
                + Base64.getEncoder().encodeToString(c.rootHash());
    }
}
