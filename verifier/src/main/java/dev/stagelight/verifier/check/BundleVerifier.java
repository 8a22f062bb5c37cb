package dev.stagelight.verifier.check;

import dev.stagelight.verifier.dsse.DsseException;
import dev.stagelight.verifier.dsse.Envelope;
import dev.stagelight.verifier.dsse.Statement;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.entry.EntryException;
import dev.stagelight.verifier.layout.DigestShard;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.merkle.InclusionProof;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.merkle.ProofException;
import dev.stagelight.verifier.merkle.Proofs;
import dev.stagelight.verifier.source.IndexSource;
import dev.stagelight.verifier.source.RelativePaths;
import dev.stagelight.verifier.source.UnsafePathException;
import dev.stagelight.verifier.tiles.EntryBundle;
import dev.stagelight.verifier.tiles.TileFormatException;
import dev.stagelight.verifier.tiles.TileHashReader;
import dev.stagelight.verifier.tiles.TilePath;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * Verifies one exported bundle against an index ({@code bundle} command) by reading O(log n) index files:
 * the export's files match the manifest's subjects, the manifest's digest leads through the look-up shard to an
 * entry, the entry's inclusion proof verifies against the signed checkpoint, and the manifest's signature
 * (DSSE by a trusted key, or a Sigstore bundle offline) verifies.
 */
public final class BundleVerifier {
    /** The export folder's signed manifest, one of these two. */
    public static final String DSSE_MANIFEST = "manifest.dsse.json";
    public static final String SIGSTORE_MANIFEST = "manifest.sigstore.json";

    private final Trust trust;

    public BundleVerifier(Trust trust) {
        this.trust = trust;
    }

    /**
     * @param export     the export folder
     * @param checkpoint the index's current checkpoint, already signature-checked
     * @param index      the index
     * @throws NoSuchFileException when the export folder holds neither signed manifest
     * @throws IOException         when a file cannot be read for another reason than being absent
     */
    public void verify(IndexSource export, SignedCheckpoint checkpoint, IndexSource index, ReportBuilder report)
            throws IOException {
        report.treeSize(checkpoint.size());
        report.ok("checkpoint-signature", checkpoint.source() + ": signed by a trusted log key; origin \""
                + checkpoint.checkpoint().origin() + "\", tree size " + checkpoint.size());
        try {
            ExportManifest manifest = ExportManifest.read(export, trust);
            checkSubjects(export, manifest, report);
            IncludedEntry included = findAndProve(manifest.digest(), checkpoint, index, report);
            if (included == null) {
                return;
            }
            report.entries(1);
            checkSignature(manifest, included, report);
        } catch (CheckFailure f) {
            report.failed(f.check(), f.getMessage());
        }
    }

    private static void checkSubjects(IndexSource export, ExportManifest manifest, ReportBuilder report)
            throws IOException {
        int ok = 0;
        for (int i = 0; i < manifest.statement().subject().size(); i++) {
            Statement.Subject s = manifest.statement().subject().get(i);
            String field = manifest.source() + " /subject/" + i + "/name";
            try {
                RelativePaths.requireSafe(s.name());
                byte[] data = export.read(s.name());
                String actual = ManifestSignatures.sha256Hex(data);
                if (actual.equals(s.sha256())) {
                    ok++;
                } else {
                    report.failed("subject-files", export.describe(s.name()) + ": SHA-256 is " + actual + ", but "
                            + manifest.source() + " /subject/" + i + "/digest/sha256 says " + s.sha256());
                }
            } catch (UnsafePathException e) {
                report.failed("subject-files", field + ": " + e.getMessage());
            } catch (NoSuchFileException e) {
                report.failed("subject-files", export.describe(s.name()) + ": missing; " + field + " names it");
            }
        }
        report.okUnlessFailed("subject-files", ok + " exported files match the manifest's subjects");
    }

    /** Finds the entry for the manifest digest and verifies its inclusion; null (with a failure) if it cannot. */
    private static IncludedEntry findAndProve(String digest, SignedCheckpoint checkpoint, IndexSource index,
            ReportBuilder report) throws IOException, CheckFailure {
        long size = checkpoint.size();
        String shardPath = IndexLayout.digestShard(digest);
        DigestShard shard;
        try {
            shard = DigestShard.parse(index.read(shardPath), index.describe(shardPath));
        } catch (NoSuchFileException e) {
            throw new CheckFailure("index-lookup", index.describe(shardPath) + ": no look-up shard; manifest "
                    + digest + " is not in the index");
        } catch (IllegalArgumentException e) {
            throw new CheckFailure("index-lookup", e.getMessage());
        }
        // Seqs at or beyond the tree size are leftovers of an interrupted append: not (yet) in the log.
        List<Long> seqs = shard.seqsOf(digest).stream().filter(s -> s < size).toList();
        if (seqs.isEmpty()) {
            throw new CheckFailure("index-lookup", index.describe(shardPath) + ": manifest " + digest
                    + " is not in the index at tree size " + size);
        }
        long seq = seqs.get(0);
        report.ok("index-lookup", index.describe(shardPath) + ": manifest " + digest + " is entry " + seq);
        TilePath bundlePath = TilePath.entryBundleAt(seq / TilePath.WIDTH, size);
        String where = index.describe(bundlePath.path()) + "#" + (seq % TilePath.WIDTH);
        byte[] leafBytes;
        try {
            leafBytes = EntryBundle.decode(index.read(bundlePath.path()), bundlePath.width())
                    .get((int) (seq % TilePath.WIDTH));
        } catch (NoSuchFileException e) {
            throw new CheckFailure("entry", index.describe(bundlePath.path()) + ": missing entry bundle");
        } catch (TileFormatException e) {
            throw new CheckFailure("entry", index.describe(bundlePath.path()) + ": " + e.getMessage());
        }
        Entry entry;
        try {
            entry = Entry.parse(leafBytes, where);
        } catch (EntryException e) {
            throw new CheckFailure("entry", e.getMessage());
        }
        if (entry.seq() != seq || !entry.manifestSha256().equals(digest)) {
            throw new CheckFailure("entry", where + ": /seq " + entry.seq() + " and /manifest_sha256 "
                    + entry.manifestSha256() + " do not match the look-up (" + seq + ", " + digest + ")");
        }
        report.ok("entry", where + ": valid v1 entry for manifest " + digest);
        TileHashReader tiles = new TileHashReader(index, size);
        byte[] leaf = MerkleHash.leaf(leafBytes);
        try {
            List<byte[]> proof = Proofs.inclusion(seq, size, tiles);
            InclusionProof.verify(seq, size, leaf, proof, checkpoint.checkpoint().rootHash());
            report.ok("inclusion-proof", "entry " + seq + " is in the tree of size " + size + " signed by "
                    + checkpoint.source() + " (proof of " + proof.size() + " hashes from " + tiles.tilesRead()
                    + " tiles)");
        } catch (NoSuchFileException e) {
            throw new CheckFailure("inclusion-proof", e.getFile() + ": missing hash tile; no inclusion proof");
        } catch (TileFormatException e) {
            throw new CheckFailure("inclusion-proof", e.getMessage());
        } catch (ProofException e) {
            throw new CheckFailure("inclusion-proof", where + ": entry " + seq + " does not verify against the root of "
                    + checkpoint.source() + ": " + e.getMessage());
        }
        return new IncludedEntry(entry, where);
    }

    private void checkSignature(ExportManifest manifest, IncludedEntry included, ReportBuilder report)
            throws CheckFailure {
        Entry entry = included.entry();
        if (manifest.sigstore()) {
            if (entry.sigstoreBundlePath() == null) {
                throw new CheckFailure("manifest-signature", manifest.source() + ": a Sigstore bundle, but "
                        + included.where() + " records a key signature (/signature)");
            }
            long logIndex = new SigstoreCheck(trust).check(entry, manifest.payload(), manifest.signedBytes(),
                    manifest.source(), included.where());
            report.ok("manifest-signature", manifest.source() + ": Sigstore bundle verified offline; Rekor log index "
                    + logIndex + " matches " + included.where() + " /rekor/log_index");
        } else {
            if (entry.signature() == null) {
                throw new CheckFailure("manifest-signature", manifest.source() + ": a DSSE envelope, but "
                        + included.where() + " records a Sigstore bundle");
            }
            String keyId = ManifestSignatures.checkDsse(entry, manifest.payload(), manifest.signedBytes(),
                    manifest.source(), included.where(), TrustedSigners.forOneCheck(trust.signerKeys()));
            report.ok("manifest-signature", manifest.source() + ": DSSE signature by trusted key " + keyId
                    + " matches " + included.where() + " /signature");
        }
    }

    private record IncludedEntry(Entry entry, String where) {}

    /** The export's signed manifest: the file as read, the Statement bytes it signs, and their digest. */
    private record ExportManifest(String source, boolean sigstore, byte[] signedBytes, byte[] payload,
            Statement statement, String digest) {
        static ExportManifest read(IndexSource export, Trust trust) throws IOException, CheckFailure {
            boolean sigstore = false;
            byte[] bytes;
            try {
                bytes = export.read(DSSE_MANIFEST);
            } catch (NoSuchFileException noDsse) {
                try {
                    bytes = export.read(SIGSTORE_MANIFEST);
                    sigstore = true;
                } catch (NoSuchFileException noBundle) {
                    throw new NoSuchFileException(export.describe(DSSE_MANIFEST), null,
                            "the export folder holds neither " + DSSE_MANIFEST + " nor " + SIGSTORE_MANIFEST);
                }
            }
            String source = export.describe(sigstore ? SIGSTORE_MANIFEST : DSSE_MANIFEST);
            byte[] payload = sigstore ? SigstoreCheck.statementOf(bytes, source) : envelopePayload(bytes, source);
            Statement statement = ManifestSignatures.checkStatement(payload, source + " (payload)");
            return new ExportManifest(source, sigstore, bytes, payload, statement,
                    ManifestSignatures.sha256Hex(payload));
        }

        private static byte[] envelopePayload(byte[] bytes, String source) throws CheckFailure {
            try {
                return Envelope.parse(bytes, source).payload();
            } catch (DsseException e) {
                throw new CheckFailure("export-manifest", e.getMessage());
            }
        }
    }
}
