package dev.stagelight.verifier.check;

import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.merkle.HashReader;
import dev.stagelight.verifier.merkle.InclusionProof;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.merkle.ProofException;
import dev.stagelight.verifier.merkle.Proofs;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.source.IndexSource;
import dev.stagelight.verifier.tiles.EntryBundle;
import dev.stagelight.verifier.tiles.TileFormatException;
import dev.stagelight.verifier.tiles.TileHashReader;
import dev.stagelight.verifier.tiles.TilePath;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies one append: the index's current checkpoint and the entries it added since an earlier checkpoint, reading
 * O(k + log n) files for k new entries on an index of n (the publisher runs it after every append; a full
 * {@link IndexVerifier} pass would read all n). Checked, from what is read back, never from what the writer meant:
 * <ul>
 *   <li>the checkpoint is signed by a trusted log key and provably extends the earlier one (consistency proof from
 *       the hash tiles);</li>
 *   <li>each new entry, parsed from the entry bundles as published, is canonical, has {@code seq} equal to its
 *       position and {@code prev} equal to the leaf hash of the entry before it (the first new one chains to the last
 *       old one, whose inclusion is proved too);</li>
 *   <li>each new leaf is included in the new tree (inclusion proof from the tiles against the signed root);</li>
 *   <li>each new entry's manifest is present with the claimed digest and a valid signature (the checks of the
 *       {@code index} command).</li>
 * </ul>
 * Raw leaves (a plain C2SP log) get the checkpoint, consistency and inclusion checks only.
 */
public final class AppendVerifier {
    private final Trust trust;
    private final int threads;

    /** @param threads worker threads for manifest checks */
    public AppendVerifier(Trust trust, int threads) {
        this.trust = trust;
        this.threads = Math.max(1, threads);
    }

    /**
     * Adds the checks to {@code report}.
     *
     * @param previous the checkpoint the append extended (already signature-checked)
     * @param entries  true for v1 entries, false for raw leaves
     * @return the current checkpoint as read back, or null when its signature does not verify
     * @throws IOException when a file cannot be read for another reason than being absent
     */
    public SignedCheckpoint verify(IndexSource source, SignedCheckpoint previous, boolean entries,
            ReportBuilder report) throws IOException {
        SignedCheckpoint current;
        try {
            current = SignedCheckpoint.fetch(source, trust.logKeys());
        } catch (NoteException e) {
            report.failed("checkpoint-signature", e.getMessage());
            return null;
        }
        long m = previous.size();
        long n = current.size();
        report.treeSize(n);
        report.ok("checkpoint-signature", current.source() + ": signed by a trusted log key; origin \""
                + current.checkpoint().origin() + "\", tree size " + n);
        current.checkOrigin(trust.origin(), report);
        ConsistencyVerifier.check(previous, current, source, report, "consistency");
        if (report.hasFailures() || n == m) {
            return current;
        }
        verifyNew(source, previous, current, entries, report);
        return current;
    }

    /**
     * Checks the leaves {@code current} added to {@code previous} (both signature-checked, consistency already
     * proved): inclusion of each, and for v1 entries format, seq, chain (from the last old entry), manifest digest
     * and signature.
     */
    public void verifyNew(IndexSource source, SignedCheckpoint previous, SignedCheckpoint current, boolean entries,
            ReportBuilder report) throws IOException {
        long m = previous.size();
        long n = current.size();
        HashReader tiles = new MemoHashReader(new TileHashReader(source, n));
        byte[] root = current.checkpoint().rootHash();
        long first = entries && m > 0 ? m - 1 : m; // the last old entry, for the chain
        long included = 0;
        boolean complete = true;
        try (ManifestChecks manifests = new ManifestChecks(source, trust, report, threads)) {
            UnverifiedSigstore unverified = new UnverifiedSigstore(source, report);
            byte[] prevLeaf = null;
            for (long b = first / TilePath.WIDTH; complete && b <= (n - 1) / TilePath.WIDTH; b++) {
                TilePath bundle = TilePath.entryBundleAt(b, n);
                List<byte[]> leaves = readBundle(source, bundle, report);
                if (leaves == null) {
                    complete = false;
                    break;
                }
                for (int i = 0; i < leaves.size(); i++) {
                    long seq = b * TilePath.WIDTH + i;
                    if (seq < first) {
                        continue;
                    }
                    String where = bundle.path() + "#" + i;
                    byte[] leafBytes = leaves.get(i);
                    byte[] leaf = MerkleHash.leaf(leafBytes);
                    if (!proveInclusion(seq, n, leaf, root, tiles, source, where, current, report)) {
                        complete = false;
                        break;
                    }
                    included++;
                    if (entries && seq >= m) {
                        Entry entry = IndexVerifier.checkEntry(leafBytes, seq, seq == 0 ? null : prevLeaf, where,
                                source, report);
                        if (entry != null) {
                            String entrySource = source.describe(where);
                            if (entry.sigstoreBundlePath() != null && trust.trustedRoot().isEmpty()) {
                                unverified.check(entry, entrySource);
                            } else {
                                manifests.submit(entry, entrySource);
                            }
                        }
                    }
                    prevLeaf = leaf;
                }
            }
            manifests.finish();
            if (!complete) {
                return; // the failure says what could not be read; claim nothing about the rest
            }
            report.entries(n - m);
            report.okUnlessFailed("entry-bundles", (n - m) + " new entries read from the entry bundles");
            report.okUnlessFailed("inclusion-proof", included + " leaves (seq " + first + ".." + (n - 1)
                    + ") are in the tree of size " + n + " signed by " + current.source());
            if (entries) {
                report.okUnlessFailed("entry-format", "the new entries are canonical, valid v1 entries");
                report.okUnlessFailed("entry-seq", "seq matches the position of every new entry");
                report.okUnlessFailed("entry-chain", "prev chain unbroken from entry " + first + " to " + (n - 1));
                manifests.summarise();
                unverified.summarise();
            }
        }
    }

    private static List<byte[]> readBundle(IndexSource source, TilePath bundle, ReportBuilder report)
            throws IOException {
        try {
            return EntryBundle.decode(source.read(bundle.path()), bundle.width());
        } catch (NoSuchFileException e) {
            report.failed("entry-bundles", source.describe(bundle.path()) + ": missing entry bundle ("
                    + bundle.width() + " entries expected)");
        } catch (TileFormatException e) {
            report.failed("entry-bundles", source.describe(bundle.path()) + ": " + e.getMessage());
        }
        return null;
    }

    /** False (with a failure) when the tiles needed for the proof are missing or malformed: nothing more can be proved. */
    private static boolean proveInclusion(long seq, long size, byte[] leaf, byte[] root, HashReader tiles,
            IndexSource source, String where, SignedCheckpoint current, ReportBuilder report) throws IOException {
        try {
            InclusionProof.verify(seq, size, leaf, Proofs.inclusion(seq, size, tiles), root);
            return true;
        } catch (ProofException e) {
            report.failed("inclusion-proof", source.describe(where) + ": entry " + seq + " does not verify against"
                    + " the root of " + current.source() + " (the entry or a hash tile differs from what was"
                    + " signed): " + e.getMessage());
            return true;
        } catch (NoSuchFileException e) {
            report.failed("inclusion-proof", e.getFile() + ": missing hash tile; no inclusion proof for entry "
                    + seq);
        } catch (TileFormatException e) {
            report.failed("inclusion-proof", e.getMessage());
        }
        return false;
    }

    /**
     * Without a Sigstore trusted root a bundle's signature cannot be verified offline. The rest still is: the
     * manifest is present with its digest and is a Statement, and the bundle carries exactly that manifest. The
     * signature is reported as skipped, never as verified.
     */
    private static final class UnverifiedSigstore {
        private final IndexSource source;
        private final ReportBuilder report;
        private long count;

        UnverifiedSigstore(IndexSource source, ReportBuilder report) {
            this.source = source;
            this.report = report;
        }

        void check(Entry entry, String entrySource) throws IOException {
            count++;
            try {
                String manifestPath = entry.manifestPath();
                byte[] manifest = source.read(manifestPath);
                ManifestSignatures.checkDigest(entry, manifest, source.describe(manifestPath), entrySource);
                ManifestSignatures.checkStatement(manifest, source.describe(manifestPath));
                String bundlePath = entry.sigstoreBundlePath();
                byte[] payload = SigstoreCheck.statementOf(source.read(bundlePath), source.describe(bundlePath));
                if (!Arrays.equals(payload, manifest)) {
                    report.failed("manifest-signature", source.describe(bundlePath) + ": /dsseEnvelope/payload:"
                            + " differs from the manifest (SHA-256 " + ManifestSignatures.sha256Hex(payload)
                            + ", expected " + entry.manifestSha256() + ")");
                }
            } catch (CheckFailure f) {
                report.failed(f.check(), f.getMessage());
            } catch (NoSuchFileException e) {
                report.failed("manifest-present", e.getFile() + ": missing; " + entrySource
                        + " refers to it");
            }
        }

        void summarise() {
            if (count > 0) {
                report.skipped("sigstore-signature", count + " Sigstore bundles are present and carry their"
                        + " manifests, but their signatures were not verified: no Sigstore trusted root given");
            }
        }
    }

    /**
     * Remembers the stored hashes a run of inclusion proofs asks for: proofs of neighbouring leaves share most of
     * their path, so k proofs compute O(k + log n) hashes instead of k times a fold of up to 255 tile hashes.
     */
    private static final class MemoHashReader implements HashReader {
        private record Node(int level, long index) {}

        private final HashReader inner;
        private final Map<Node, byte[]> hashes = new HashMap<>();

        MemoHashReader(HashReader inner) {
            this.inner = inner;
        }

        @Override
        public byte[] hash(int level, long index) throws IOException {
            Node node = new Node(level, index);
            byte[] h = hashes.get(node);
            if (h == null) {
                h = inner.hash(level, index);
                hashes.put(node, h);
            }
            return h;
        }
    }
}
