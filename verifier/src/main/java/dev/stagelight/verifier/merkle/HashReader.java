package dev.stagelight.verifier.merkle;

import java.io.IOException;

/**
 * Source of "stored hashes" (the Go tlog / C2SP tlog-tiles convention): {@code hash(level, index)} is the Merkle
 * hash of the complete subtree covering leaves {@code [index * 2^level, (index + 1) * 2^level)}. Level 0 holds the
 * leaf hashes. Only subtrees that are complete at the reader's tree size may be asked for.
 */
@FunctionalInterface
public interface HashReader {
    byte[] hash(int level, long index) throws IOException;
}
