package dev.stagelight.publisher.append;

import dev.stagelight.verifier.merkle.HashReader;
import dev.stagelight.verifier.note.Checkpoint;

/**
 * What happens to a newly signed checkpoint before it is published: by default nothing; with witnesses, it is
 * submitted to them and published with their cosignatures appended ({@code publisher.witness.Witnessing}).
 */
@FunctionalInterface
public interface CheckpointCosigning {
    CheckpointCosigning NONE = (note, checkpoint, oldSize, tree) -> note;

    /**
     * @param signedNote the checkpoint note signed by the log key
     * @param oldSize    the size of the checkpoint published before this one
     * @param tree       the new tree's hashes (for consistency proofs from any older size)
     * @return the note to publish (the signed note, maybe with cosignature lines appended)
     * @throws AppendException when the checkpoint must not be published; nothing public has changed then
     */
    byte[] cosign(byte[] signedNote, Checkpoint checkpoint, long oldSize, HashReader tree) throws AppendException;
}
