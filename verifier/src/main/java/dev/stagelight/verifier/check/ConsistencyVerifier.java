package dev.stagelight.verifier.check;

import dev.stagelight.verifier.merkle.ConsistencyProof;
import dev.stagelight.verifier.merkle.ProofException;
import dev.stagelight.verifier.merkle.Proofs;
import dev.stagelight.verifier.source.IndexSource;
import dev.stagelight.verifier.tiles.TileFormatException;
import dev.stagelight.verifier.tiles.TileHashReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Proves that the index's current checkpoint extends an older trusted one (the {@code consistency} command, and
 * {@code --state}): the consistency proof is built from the current hash tiles and checked against both signed
 * roots. A smaller current tree is a rollback; a proof that fails, or equal sizes with different roots, is a fork.
 * Either way the evidence (both signed notes) is returned for the caller to show, as Go's sumdb client does.
 */
public final class ConsistencyVerifier {
    private static final HexFormat HEX = HexFormat.of();

    private ConsistencyVerifier() {}

    /**
     * Adds a check named {@code checkName} to {@code report}.
     *
     * @param older  a checkpoint trusted before (already signature-checked)
     * @param newer  the index's current checkpoint (already signature-checked)
     * @param source the index, for the hash tiles
     * @return evidence text (both signed notes and the disagreeing hashes) when the log misbehaved
     * @throws IOException when tiles cannot be read for another reason than being absent
     */
    public static Optional<String> check(SignedCheckpoint older, SignedCheckpoint newer, IndexSource source,
            ReportBuilder report, String checkName) throws IOException {
        long m = older.size();
        long n = newer.size();
        if (!older.checkpoint().origin().equals(newer.checkpoint().origin())) {
            report.failed(checkName, newer.source() + ": origin \"" + newer.checkpoint().origin()
                    + "\" differs from \"" + older.checkpoint().origin() + "\" of " + older.source());
            return Optional.of(evidence(older, newer, "the origins differ", List.of()));
        }
        if (n < m) {
            report.failed(checkName, newer.source() + ": tree size " + n + " is smaller than " + m + " of "
                    + older.source() + "; the index was rolled back");
            return Optional.of(evidence(older, newer, "the new tree is smaller than the old one", List.of()));
        }
        if (m == n) {
            if (Arrays.equals(older.checkpoint().rootHash(), newer.checkpoint().rootHash())) {
                report.ok(checkName, newer.source() + ": same tree as " + older.source() + " (size " + n + ")");
                return Optional.empty();
            }
            report.failed(checkName, newer.source() + ": root hash " + hex(newer) + " differs from " + hex(older)
                    + " of " + older.source() + " at the same tree size " + n + "; the log forked");
            return Optional.of(evidence(older, newer, "two different trees of size " + n, List.of()));
        }
        if (m == 0) {
            report.ok(checkName, older.source() + " is the empty tree; every tree extends it");
            return Optional.empty();
        }
        TileHashReader tiles = new TileHashReader(source, n);
        List<byte[]> proof;
        byte[] oldRootFromNew;
        try {
            proof = Proofs.consistency(m, n, tiles);
            oldRootFromNew = Proofs.root(m, tiles);
        } catch (NoSuchFileException e) {
            report.failed(checkName, e.getFile() + ": missing hash tile; no consistency proof from size " + m
                    + " to " + n + " can be built");
            return Optional.empty();
        } catch (TileFormatException e) {
            report.failed(checkName, e.getMessage());
            return Optional.empty();
        }
        try {
            ConsistencyProof.verify(m, n, older.checkpoint().rootHash(), newer.checkpoint().rootHash(), proof);
        } catch (ProofException e) {
            report.failed(checkName, newer.source() + ": not consistent with " + older.source() + " (size " + m
                    + " to " + n + "): " + e.getMessage() + "; the tiles give root " + HEX.formatHex(oldRootFromNew)
                    + " for size " + m + ", the old checkpoint says " + hex(older));
            return Optional.of(evidence(older, newer, "the new tree's hash for size " + m + " is "
                    + HEX.formatHex(oldRootFromNew), proof));
        }
        report.ok(checkName, newer.source() + " (size " + n + ") extends " + older.source() + " (size " + m
                + "): consistency proof of " + proof.size() + " hashes verified");
        return Optional.empty();
    }

    /** The message Go's sumdb client prints on misbehavior: both signed notes, then the disagreeing hashes. */
    static String evidence(SignedCheckpoint older, SignedCheckpoint newer, String finding, List<byte[]> proof) {
        StringBuilder b = new StringBuilder("SECURITY ERROR\nindex server misbehavior detected!\n\n");
        b.append("old checkpoint (").append(older.source()).append("):\n\t").append(indent(older.note())).append('\n');
        b.append("new checkpoint (").append(newer.source()).append("):\n\t").append(indent(newer.note())).append('\n');
        b.append("proof of misbehavior:\n\t").append(finding);
        for (byte[] h : proof) {
            b.append("\n\t").append(Base64.getEncoder().encodeToString(h));
        }
        return b.append('\n').toString();
    }

    private static String indent(byte[] note) {
        return new String(note, StandardCharsets.UTF_8).stripTrailing().replace("\n", "\n\t");
    }

    private static String hex(SignedCheckpoint c) {
        return HEX.formatHex(c.checkpoint().rootHash());
    }
}
