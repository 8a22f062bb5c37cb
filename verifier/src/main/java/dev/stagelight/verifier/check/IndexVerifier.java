package dev.stagelight.verifier.check;

import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.entry.EntryException;
import dev.stagelight.verifier.merkle.StreamingRoot;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.source.CountingSource;
import dev.stagelight.verifier.source.IndexSource;
import dev.stagelight.verifier.tiles.EntryBundle;
import dev.stagelight.verifier.tiles.TileFormatException;
import dev.stagelight.verifier.tiles.TilePath;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Full verification of an index ({@code index} command), in one streaming pass over the entry bundles:
 * checkpoint signature; every entry canonical and valid, {@code seq} contiguous, {@code prev} chain unbroken;
 * the Merkle root recomputed from the entries equal to the signed root; every hash tile equal to what the entries
 * imply; every manifest present with its digest and a valid signature; every entry listed exactly once in the digest
 * look-up shards ({@link DigestShardCheck}). This thread reads the bundles and recomputes the tree and tiles; the
 * per-entry checks run a bundle at a time on worker threads ({@link BundlePipeline}), reading overlapped with checking.
 * Memory: one entry bundle per thread in flight, one tile buffer per level, and the 32-byte manifest digest of each
 * entry for the shard check (32 MB per million entries).
 */
public final class IndexVerifier {
    /** How often (in entries) progress is reported. */
    public static final long PROGRESS_EVERY = 100_000;
    private static final int BUNDLE_WIDTH = 256;
    private static final HexFormat HEX = HexFormat.of();

    private final Trust trust;
    private final int threads;
    private final LongConsumer progress;

    /**
     * @param threads  worker threads for manifest checks (reading and signature verification)
     * @param progress receives the number of entries verified so far, every {@link #PROGRESS_EVERY} entries
     */
    public IndexVerifier(Trust trust, int threads, LongConsumer progress) {
        this.trust = trust;
        this.threads = Math.max(1, threads);
        this.progress = progress;
    }

    /**
     * Verifies the index behind {@code index}.
     *
     * @throws IOException when the index cannot be read at all (no checkpoint, server or disk error); missing or
     *     corrupt files after a valid checkpoint are failures in the report instead
     */
    public Report verify(IndexSource index) throws IOException {
        CountingSource source = new CountingSource(index);
        ReportBuilder report = new ReportBuilder("index", index.describe(""));
        SignedCheckpoint checkpoint;
        try {
            checkpoint = SignedCheckpoint.fetch(source, trust.logKeys());
        } catch (NoteException e) {
            report.failed("checkpoint-signature", e.getMessage());
            return report.build(source.files(), source.bytes());
        }
        if (!checkpoint.checkOrigin(trust.origin(), report)) {
            report.treeSize(checkpoint.size());
            return report.build(source.files(), source.bytes());
        }
        verify(checkpoint, source, report);
        return report.build(source.files(), source.bytes());
    }

    /**
     * Verifies every entry of {@code source} against an already verified checkpoint, adding checks to
     * {@code report}.
     */
    public void verify(SignedCheckpoint checkpoint, IndexSource source, ReportBuilder report) throws IOException {
        long size = checkpoint.size();
        report.treeSize(size);
        report.ok("checkpoint-signature", checkpoint.source() + ": signed by a trusted log key; origin \""
                + checkpoint.checkpoint().origin() + "\", tree size " + size);
        TileChecker tiles = new TileChecker(source, report);
        StreamingRoot tree = new StreamingRoot(tiles);
        long verified = 0;
        boolean complete = true;
        DigestShardCheck shards = new DigestShardCheck(size);
        try (BundlePipeline checks = new BundlePipeline(source, trust, report, shards, threads)) {
            byte[] prevLeaf = null;
            long bundles = (size + BUNDLE_WIDTH - 1) / BUNDLE_WIDTH;
            for (long b = 0; b < bundles && complete; b++) {
                int width = (int) Math.min(BUNDLE_WIDTH, size - b * BUNDLE_WIDTH);
                String path = TilePath.entryBundle(b, width).path();
                List<byte[]> entries = readBundle(source, path, width, report);
                if (entries == null) {
                    complete = false;
                    break;
                }
                byte[][] leafHashes = new byte[entries.size()][];
                for (int i = 0; i < entries.size(); i++) {
                    byte[] leafBytes = entries.get(i);
                    tree.appendEntry(leafBytes, 0, leafBytes.length);
                    leafHashes[i] = tree.lastLeafHash();
                }
                checks.submit(b * BUNDLE_WIDTH, path, entries, leafHashes, prevLeaf);
                prevLeaf = leafHashes[entries.size() - 1];
                long before = verified;
                verified += entries.size();
                if (verified / PROGRESS_EVERY != before / PROGRESS_EVERY) {
                    progress.accept(verified);
                }
            }
            if (complete) {
                tiles.finish();
            }
            checks.finish();
            if (complete) {
                shards.verify(source, report, threads);
            }
            report.entries(verified);
            progress.accept(verified);
            summarise(report, checkpoint, tree, tiles, checks, verified, complete);
        }
    }

    private static List<byte[]> readBundle(IndexSource source, String path, int width, ReportBuilder report)
            throws IOException {
        byte[] data;
        try {
            data = source.read(path);
        } catch (NoSuchFileException e) {
            report.failed("entry-bundles", source.describe(path) + ": missing entry bundle (" + width
                    + " entries expected); the tree cannot be recomputed");
            return null;
        }
        try {
            return EntryBundle.decode(data, width);
        } catch (TileFormatException e) {
            report.failed("entry-bundles", source.describe(path) + ": " + e.getMessage()
                    + " (the checkpoint's tree size implies " + width + ")");
            return null;
        }
    }

    /** Checks one leaf against its position and its predecessor; returns the entry when it parsed. */
    static Entry checkEntry(byte[] leafBytes, long seq, byte[] prevLeaf, String where, IndexSource source,
            ReportBuilder report) {
        return checkEntry(leafBytes, seq, prevLeaf, where, source, report::failed);
    }

    /** Where {@link #checkEntry} reports a failed check (the report, or a list kept until its bundle's turn). */
    @FunctionalInterface
    interface Failures {
        void failed(String check, String message);
    }

    /** {@link #checkEntry(byte[], long, byte[], String, IndexSource, ReportBuilder)}, failures to {@code report}. */
    static Entry checkEntry(byte[] leafBytes, long seq, byte[] prevLeaf, String where, IndexSource source,
            Failures report) {
        Entry entry;
        try {
            entry = Entry.parse(leafBytes, source.describe(where));
        } catch (EntryException e) {
            report.failed("entry-format", e.getMessage());
            return null;
        }
        String at = source.describe(where);
        if (entry.seq() != seq) {
            report.failed("entry-seq", at + ": /seq: expected " + seq + " (the entry's position in the log), found "
                    + entry.seq());
        }
        String expectedPrev = prevLeaf == null ? Entry.NO_PREV : HEX.formatHex(prevLeaf);
        if (!entry.prev().equals(expectedPrev)) {
            report.failed("entry-chain", at + ": /prev: expected " + expectedPrev + " ("
                    + (prevLeaf == null ? "zeros for the first entry" : "leaf hash of entry " + (seq - 1))
                    + "), found " + entry.prev());
        }
        return entry;
    }

    private static void summarise(ReportBuilder report, SignedCheckpoint checkpoint, StreamingRoot tree,
            TileChecker tiles, BundlePipeline checks, long verified, boolean complete) {
        long size = checkpoint.size();
        if (!complete) {
            report.failed("merkle-root", checkpoint.source() + ": root not recomputed; only " + verified + " of "
                    + size + " entries could be read");
            return;
        }
        report.okUnlessFailed("entry-bundles", verified + " entries read from " + ((size + 255) / 256)
                + " entry bundles");
        int unparsed = report.failures("entry-format");
        report.okUnlessFailed("entry-format", verified + " entries are canonical, valid v1 entries");
        if (unparsed > 0) {
            report.skipped("unparsed-entries", "seq, prev chain and manifests of the " + unparsed
                    + " entries that did not parse were not checked");
        }
        long parsed = verified - unparsed;
        report.okUnlessFailed("entry-seq", "seq matches the position of all " + parsed + " parsed entries");
        report.okUnlessFailed("entry-chain", "prev chain unbroken over " + parsed + " parsed entries");
        byte[] root = tree.root();
        if (Arrays.equals(root, checkpoint.checkpoint().rootHash())) {
            report.ok("merkle-root", "root recomputed from " + verified + " entries equals the checkpoint root "
                    + HEX.formatHex(root));
        } else {
            report.failed("merkle-root", checkpoint.source() + ": root hash: the checkpoint says "
                    + HEX.formatHex(checkpoint.checkpoint().rootHash()) + ", the " + verified + " entries give "
                    + HEX.formatHex(root));
        }
        report.okUnlessFailed("hash-tiles", tiles.tilesChecked() + " hash tiles match the entries");
        checks.summarise();
    }
}
