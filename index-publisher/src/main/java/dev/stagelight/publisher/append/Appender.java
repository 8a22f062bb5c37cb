package dev.stagelight.publisher.append;

import dev.stagelight.verifier.check.AppendVerifier;
import dev.stagelight.verifier.check.Report;
import dev.stagelight.verifier.check.ReportBuilder;
import dev.stagelight.verifier.check.SignedCheckpoint;
import dev.stagelight.verifier.check.Trust;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.io.AtomicFiles;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.layout.DigestShard;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.merkle.ConsistencyProof;
import dev.stagelight.verifier.merkle.HashReader;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.merkle.ProofException;
import dev.stagelight.verifier.merkle.Proofs;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.NoteSigner;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.source.CountingSource;
import dev.stagelight.verifier.source.IndexSource;
import dev.stagelight.verifier.tiles.EntryBundle;
import dev.stagelight.verifier.tiles.EntryBundleUpdate;
import dev.stagelight.verifier.tiles.TileHashReader;
import dev.stagelight.verifier.tiles.TileUpdate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The append path of an index, top to bottom: lock, read and verify the checkpoint, recover an interrupted batch,
 * journal the new batch, write its immutable files, update the digest look-up shards, check the new tree is consistent
 * with the old signed one, sign and write the checkpoint last, then verify what was published by reading it back
 * through the verifier ({@link AppendVerifier}: O(k + log n) files) before reporting success.
 *
 * <p>Two layers: {@link #appendLeaves} appends raw leaf bytes (tiles, entry bundles and checkpoint exactly as C2SP
 * tlog-tiles and Tessera write them); {@link #append} builds v1 entries (seq, ts, {@code prev} chain) from ingested
 * manifests and appends their canonical bytes through the same path, plus the manifests and their look-up shards.
 *
 * <p>Why a crash at any instant leaves an index that verifies at the old or the new checkpoint:
 * <ol>
 *   <li>Readers trust nothing but the signed {@code checkpoint}; it names a tree size, and everything a reader needs
 *       for that size (tiles, partial tiles {@code .p/W} of that exact width, entry bundles, manifests of those
 *       entries) is written and fsynced before the checkpoint is replaced (rename is atomic).</li>
 *   <li>Files a batch writes are new names (full tiles and {@code .p/W} partials for sizes the old checkpoint does not
 *       reach, content-addressed manifests): writing them never changes a file the old checkpoint relies on. The only
 *       mutable files besides the checkpoint are the digest shards, whose meaning is bounded by the checkpoint
 *       (an entry with {@code seq >= size} is ignored by readers).</li>
 *   <li>Before the first public file of a batch, the batch (its leaf bytes and side files) is journaled in the private
 *       state folder. After a crash, the journal is replayed: the same bytes are written again, so every
 *       {@code createImmutable} meets identical bytes where the crashed run got that far. Without the journal, a
 *       later batch with different entries would compute different bytes for the same {@code .p/W} names, and the
 *       index would be stuck (we never delete or overwrite immutable files).</li>
 * </ol>
 * Two publisher processes never fork the log: an OS lock in the state folder is held for the whole append, and the
 * checkpoint is compared with the one read at the start just before it is replaced (compare-and-swap), which catches
 * a publisher that uses another state folder.
 */
public final class Appender {
    /** Leaves longer than this do not fit the uint16 length prefix of an entry bundle. */
    public static final int MAX_LEAF_SIZE = EntryBundle.MAX_ENTRY_BYTES;

    private final Path index;
    private final StateDir state;
    private final NoteSignerKey key;
    private final Clock clock;
    private final SourceOpener sources;
    private final WriteHook hook;
    private final int writeThreads;
    private final boolean fsyncEachFile;
    private final List<PublicKey> manifestKeys;
    private final Optional<Path> trustedRoot;
    private final CheckpointCosigning cosigning;

    /** Threads checking manifest signatures after an append; few, the batch is small next to the index. */
    private static final int VERIFY_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

    /**
     * @param index the published folder
     * @param state the private state folder (lock, journal); never inside {@code index}
     * @param key the log's note key: signs checkpoints; its name is the log's origin
     * @param clock the time written into entries
     * @param sources opens the index for reading (tests count the files read through it)
     * @param hook is told before each public file is written (crash tests kill the process there)
     */
    public Appender(Path index, StateDir state, NoteSignerKey key, Clock clock, SourceOpener sources,
            WriteHook hook) {
        this(index, state, key, clock, sources, hook, 1, true, List.of(), Optional.empty(), CheckpointCosigning.NONE);
    }

    private Appender(Path index, StateDir state, NoteSignerKey key, Clock clock, SourceOpener sources,
            WriteHook hook, int writeThreads, boolean fsyncEachFile, List<PublicKey> manifestKeys,
            Optional<Path> trustedRoot, CheckpointCosigning cosigning) {
        this.cosigning = cosigning;
        this.writeThreads = writeThreads;
        this.fsyncEachFile = fsyncEachFile;
        this.manifestKeys = List.copyOf(manifestKeys);
        this.trustedRoot = trustedRoot;
        this.index = index.toAbsolutePath().normalize();
        this.state = state;
        this.key = key;
        this.clock = clock;
        this.sources = sources;
        this.hook = hook;
        if (state.path().startsWith(this.index)) {
            throw new IllegalArgumentException(state.path() + ": the state folder must not be inside the published index "
                    + this.index);
        }
    }

    /**
     * The same appender writing the independent files of a step (manifests, envelopes, shards) on {@code threads}
     * threads: each file is still written and fsynced on its own, and every step still finishes before the next begins,
     * so the crash argument is unchanged; the fsync waits overlap. The hook must then be thread-safe.
     */
    public Appender withWriteThreads(int threads) {
        return new Appender(index, state, key, clock, sources, hook, Math.max(1, threads), fsyncEachFile,
                manifestKeys, trustedRoot, cosigning);
    }

    /**
     * The same appender for bulk loads: the files of a batch are written atomically (temp + rename/link) but not
     * fsynced one by one; one file-system sync makes the whole batch durable before the checkpoint is written.
     * A killed process loses nothing that was written (the page cache survives it) and the journal replay finds
     * identical bytes. After a power loss mid-batch the replay may find a file that did not reach the disk whole; it
     * then stops with an error naming that file (delete the files above the checkpoint it names and append again).
     */
    public Appender withBatchSync() {
        return new Appender(index, state, key, clock, sources, hook, writeThreads, false, manifestKeys, trustedRoot,
                cosigning);
    }

    /**
     * The same appender verifying published manifests with these keys too (besides the key each manifest of the
     * batch was verified or signed with at ingest), and Sigstore bundles offline against {@code trustedRoot}; without
     * a root their signatures are reported as not verified. Entries of an interrupted batch that an append completes
     * are verified with these keys only.
     */
    public Appender withManifestTrust(List<PublicKey> keys, Optional<Path> trustedRoot) {
        return new Appender(index, state, key, clock, sources, hook, writeThreads, fsyncEachFile, keys, trustedRoot,
                cosigning);
    }

    /**
     * The same appender handing each new signed checkpoint to {@code cosigning} (witnesses) before publishing it. When
     * that refuses, the checkpoint is not published: it is kept in the state folder ({@link StateDir#unpublished})
     * with the batch's journal, so the published index is untouched (the batch's files sit beyond the published size,
     * where readers ignore them) and the next append replays the same batch and asks again.
     */
    public Appender withCosigning(CheckpointCosigning cosigning) {
        return new Appender(index, state, key, clock, sources, hook, writeThreads, fsyncEachFile, manifestKeys,
                trustedRoot, cosigning);
    }

    /** Opens the index folder for reading ({@code DirectorySource::new}; tests wrap it to count reads). */
    @FunctionalInterface
    public interface SourceOpener {
        IndexSource open(Path index) throws IOException;
    }

    /** What {@link WriteHook} is told before the private journal is saved or dropped. */
    public static final String JOURNAL = "(state) pending.batch";

    /** Called before each public file is written, with the index-relative path, and around the journal ({@link #JOURNAL}). */
    @FunctionalInterface
    public interface WriteHook {
        WriteHook NONE = path -> {};

        void beforeWrite(String path) throws IOException;
    }

    /**
     * What one append did.
     *
     * @param checkpoint the new checkpoint
     * @param signedCheckpoint its note bytes, as written to {@code checkpoint}
     * @param firstSeq seq of the first leaf of this batch
     * @param entries the entries appended (empty for raw leaves)
     * @param written index-relative paths this call created or replaced, in write order (recovery included)
     * @param recovered leaves of an interrupted earlier batch that this call completed first
     * @param verification the read-back verification of what this call published; empty when it published nothing
     */
    public record Result(Checkpoint checkpoint, byte[] signedCheckpoint, long firstSeq, List<Entry> entries,
            List<String> written, int recovered, Optional<Report> verification) {}

    /** A new, empty index: writes a checkpoint of size 0 (refuses if one exists). */
    public Result init() throws IOException, AppendException {
        try (StateDir.Lock lock = state.lock()) {
            Path cp = index.resolve(IndexLayout.CHECKPOINT);
            AtomicFiles.deleteLeftoverTemp(cp);
            if (Files.exists(cp)) {
                throw new java.nio.file.FileAlreadyExistsException(cp + ": an index already exists here");
            }
            Checkpoint empty = new Checkpoint(key.name(), 0, MerkleHash.emptyRoot());
            byte[] note = sign(empty);
            hook.beforeWrite(IndexLayout.CHECKPOINT);
            AtomicFiles.replace(cp, note);
            return new Result(empty, note, 0, List.of(), List.of(IndexLayout.CHECKPOINT), 0, Optional.empty());
        }
    }

    /** Appends raw leaves (each at most {@link #MAX_LEAF_SIZE} bytes); errors name them "leaf i of the batch". */
    public Result appendLeaves(List<byte[]> leaves) throws IOException, AppendException, OversizeEntryException {
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            sources.add("leaf " + i + " of the batch");
        }
        return appendLeaves(leaves, sources);
    }

    /**
     * Appends raw leaves, each at most {@link #MAX_LEAF_SIZE} bytes.
     *
     * @param sources where each leaf came from (its file), for the error that refuses an oversize leaf
     * @throws OversizeEntryException before anything is written, when a leaf is too large
     */
    public Result appendLeaves(List<byte[]> leaves, List<String> sources)
            throws IOException, AppendException, OversizeEntryException {
        for (int i = 0; i < leaves.size(); i++) {
            if (leaves.get(i).length > MAX_LEAF_SIZE) {
                throw OversizeEntryException.rawLeaf(sources.get(i), leaves.get(i).length);
            }
        }
        return run((oldSize, prev) -> new PendingBatch(oldSize, leaves, Map.of(), false), List.of());
    }

    /**
     * Appends one v1 entry per manifest: seq follows the tree size, {@code ts} is the clock's time (whole seconds),
     * {@code prev} chains each entry to the leaf hash of the one before it.
     *
     * @throws OversizeEntryException before anything of the batch is written, when an entry would not fit a bundle
     */
    public Result append(List<IngestedManifest> manifests) throws IOException, AppendException, OversizeEntryException {
        Instant ts = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return run((oldSize, prevLeafHash) -> {
            List<byte[]> leaves = new ArrayList<>();
            Map<String, byte[]> files = new TreeMap<>();
            byte[] prev = prevLeafHash;
            for (int i = 0; i < manifests.size(); i++) {
                IngestedManifest m = manifests.get(i);
                Entry e = m.toEntry(oldSize + i, ts, HexFormat.of().formatHex(prev));
                byte[] leaf = e.toCanonicalBytes();
                if (leaf.length > MAX_LEAF_SIZE) {
                    throw OversizeEntryException.entry(m.source(), e, leaf.length);
                }
                leaves.add(leaf);
                files.put(IndexLayout.manifest(m.sha256()), m.statement());
                files.put(m.signaturePath(), m.signatureFile());
                if (m.signerKey() != null && m.signature() != null) {
                    // The signer's public key beside the manifests, so the site's in-browser verifier can check it.
                    files.put(IndexLayout.signerKey(PublicKeys.keyId(m.signerKey())),
                            PublicKeys.toPem(m.signerKey()).getBytes(StandardCharsets.US_ASCII));
                }
                prev = MerkleHash.leaf(leaf);
            }
            return new PendingBatch(oldSize, leaves, files, true);
        }, manifests.stream().map(IngestedManifest::signerKey).filter(k -> k != null).toList());
    }

    /** Builds the batch once the current size and last leaf hash are known (under the lock). */
    @FunctionalInterface
    private interface BatchBuilder {
        PendingBatch build(long oldSize, byte[] prevLeafHash) throws AppendException, OversizeEntryException;
    }

    /** @param batchKeys the keys the batch's manifests were verified or signed with at ingest */
    private Result run(BatchBuilder builder, List<PublicKey> batchKeys)
            throws IOException, AppendException, OversizeEntryException {
        // 1. Lock. Held until the append is written and verified; the kernel drops it if we die.
        try (StateDir.Lock lock = state.lock()) {
            List<String> written = new ArrayList<>();
            IndexSource source = sources.open(index);

            // 2. Read and verify the current checkpoint with the log's own key: we extend only what we signed.
            byte[] oldNote = readCheckpointBytes(source);
            Checkpoint old = open(oldNote);
            byte[] startNote = oldNote;

            // 3. Recover. A journal left by a crashed batch is either already committed (the checkpoint reached
            //    its end and holds its last leaf: just drop it) or not (write it again: same bytes, so every immutable
            //    file matches). Anything else means someone appended without our state folder: stop, touch nothing.
            //    First remove the temp files the killed writer may have left in the published folder.
            int recovered = 0;
            boolean recoveredEntries = false;
            var pending = state.pending();
            AtomicFiles.deleteLeftoverTemp(index.resolve(IndexLayout.CHECKPOINT));
            if (pending.isPresent()) {
                PendingBatch p = pending.get();
                sweepLeftovers(p);
                if (old.size() == p.oldSize() + p.leaves().size() && !p.leaves().isEmpty()
                        && Arrays.equals(MerkleHash.leaf(p.leaves().get(p.leaves().size() - 1)),
                                new TileHashReader(source, old.size()).hash(0, old.size() - 1))) {
                    state.clearPending();
                } else if (old.size() == p.oldSize()) {
                    oldNote = write(p, old, oldNote, source, written);
                    old = open(oldNote);
                    recovered = p.leaves().size();
                    recoveredEntries = p.entries();
                    state.clearPending();
                } else {
                    throw new AppendException(state.path() + ": the append journal extends size " + p.oldSize()
                            + " but the checkpoint is at size " + old.size()
                            + "; another publisher wrote this index without this state folder");
                }
            }

            // 4. Build the batch on top of what is signed: seq from the size, prev from the last leaf hash.
            byte[] prev = old.size() == 0 ? new byte[MerkleHash.SIZE]
                    : new TileHashReader(source, old.size()).hash(0, old.size() - 1);
            PendingBatch batch = builder.build(old.size(), prev);
            if (batch.leaves().isEmpty()) {
                Optional<Report> verified = recovered == 0 ? Optional.empty()
                        : Optional.of(verifyPublished(startNote, oldNote, recoveredEntries, batchKeys));
                return new Result(old, oldNote, old.size(), List.of(), written, recovered, verified);
            }

            // 5. Journal first (durable before any public file), then write, then forget the journal.
            hook.beforeWrite(JOURNAL);
            state.savePending(batch);
            byte[] newNote = write(batch, old, oldNote, source, written);
            hook.beforeWrite(JOURNAL);
            state.clearPending();

            // 13. Read back what is now published and verify it, still under the lock (so it is ours). The
            //     checkpoint is already out: a failure here means the index on disk is not what was signed.
            Report verified = verifyPublished(startNote, newNote, batch.entries(), batchKeys);

            List<Entry> entries = new ArrayList<>();
            if (batch.entries()) {
                for (int i = 0; i < batch.leaves().size(); i++) {
                    entries.add(Entry.parse(batch.leaves().get(i), "batch leaf " + i));
                }
            }
            return new Result(open(newNote), newNote, old.size(), entries, written, recovered, Optional.of(verified));
        } catch (NoteException | ProofException e) {
            throw new AppendException(e.getMessage(), e);
        }
    }

    /** Writes one batch on top of {@code old} and returns the new signed checkpoint. */
    private byte[] write(PendingBatch batch, Checkpoint old, byte[] oldNote, IndexSource source, List<String> written)
            throws IOException, AppendException, NoteException, ProofException {
        long oldSize = old.size();
        long newSize = oldSize + batch.leaves().size();

        // 6. Side files (manifests, envelopes, bundles): content-addressed, so immutable; written before the entries
        //    that point at them.
        List<FileWrite> sideFiles = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : batch.files().entrySet()) {
            sideFiles.add(new FileWrite(f.getKey(), p -> AtomicFiles.createImmutable(p, f.getValue(), fsyncEachFile)));
        }
        writeAll(sideFiles, written);

        // 7. Entry bundles: the partial bundle at the old size is the prefix of the new one; full bundles are final.
        var partialPath = EntryBundleUpdate.partialBundlePath(oldSize);
        byte[] partial = partialPath.isPresent() ? source.read(partialPath.get()) : null;
        for (Map.Entry<String, byte[]> f : EntryBundleUpdate.plan(oldSize, batch.leaves(), partial).entrySet()) {
            createImmutable(f.getKey(), f.getValue(), written);
        }

        // 8. Hash tiles, every level: the planner reads the right edge of the old tree (O(log n) tiles) and returns
        //    the new right edge, bottom level first.
        List<byte[]> leafHashes = new ArrayList<>(batch.leaves().size());
        for (byte[] leaf : batch.leaves()) {
            leafHashes.add(MerkleHash.leaf(leaf));
        }
        TileUpdate plan = TileUpdate.plan(oldSize, leafHashes, new TileHashReader(source, oldSize));
        for (Map.Entry<String, byte[]> f : plan.tiles().entrySet()) {
            createImmutable(f.getKey(), f.getValue(), written);
        }

        // 9. Digest look-up shards (mutable, replaced whole). Written before the checkpoint; readers ignore seqs at or
        //    beyond the signed size, and a replay adds the same (digest, seq) pairs again, which the shard dedupes.
        if (batch.entries()) {
            Map<String, List<DigestShard.Ref>> byShard = new TreeMap<>();
            for (int i = 0; i < batch.leaves().size(); i++) {
                Entry e = Entry.parse(batch.leaves().get(i), "batch leaf " + i);
                byShard.computeIfAbsent(IndexLayout.digestShard(e.manifestSha256()), k -> new ArrayList<>())
                        .add(new DigestShard.Ref(e.manifestSha256(), e.seq()));
            }
            List<FileWrite> shards = new ArrayList<>();
            for (Map.Entry<String, List<DigestShard.Ref>> s : byShard.entrySet()) {
                shards.add(new FileWrite(s.getKey(), p -> {
                    DigestShard shard = Files.exists(p) ? DigestShard.parse(source.read(s.getKey()), p.toString()) : DigestShard.empty();
                    AtomicFiles.replace(p, shard.with(s.getValue()).toBytes(), fsyncEachFile);
                }));
            }
            writeAll(shards, written);
        }

        // In bulk mode nothing above was fsynced yet: make the whole batch durable before the checkpoint points at it.
        if (!fsyncEachFile) {
            syncBatch(written);
        }

        // 10. Check before signing: recompute the root from the tiles now on disk (not from the planner's memory) and
        //     prove the new tree extends the old signed one. A bug or a stray file cannot make us sign a fork.
        HashReader onDisk = new TileHashReader(sources.open(index), newSize);
        byte[] newRoot = Proofs.root(newSize, onDisk);
        if (!Arrays.equals(newRoot, plan.root())) {
            throw new AppendException(index + ": the tiles on disk give root " + hex(newRoot) + " for size " + newSize
                    + " but the batch computed " + hex(plan.root()) + "; not signing");
        }
        if (oldSize > 0) {
            try {
                ConsistencyProof.verify(oldSize, newSize, old.rootHash(), newRoot,
                        Proofs.consistency(oldSize, newSize, onDisk));
            } catch (ProofException e) {
                throw new AppendException(index + ": the new tree of size " + newSize + " does not extend the signed"
                        + " tree of size " + oldSize + " (" + e.getMessage() + "); not signing", e);
            }
        }

        // 11. Compare-and-swap: the checkpoint must still be the one we read. The lock makes this hold for publishers
        //     that share the state folder; this check catches one that does not, unless it writes in the instant
        //     between this comparison and our rename (a file system offers no atomic compare-and-rename; only the
        //     lock closes that window, so every publisher of an index must use its one state folder).
        if (!Arrays.equals(readCheckpointBytes(source), oldNote)) {
            throw new AppendException(index.resolve(IndexLayout.CHECKPOINT)
                    + ": changed by another publisher during this append; nothing was signed, run the append again");
        }

        // 12. Sign, have it cosigned (witnesses), and write the checkpoint last: from this rename on, readers see
        //     the new tree. A refusal leaves the public checkpoint as it was; the journal stays for the retry.
        Checkpoint signedTree = new Checkpoint(old.origin(), newSize, newRoot);
        byte[] signed = sign(signedTree);
        byte[] note;
        try {
            note = cosigning.cosign(signed, signedTree, oldSize, onDisk);
        } catch (AppendException refused) {
            state.saveUnpublished(signed);
            throw new AppendException("checkpoint of size " + newSize + " not published: " + refused.getMessage()
                    + "; it is kept in " + state.unpublished() + " and the batch in the journal beside it; the"
                    + " published index is unchanged at size " + oldSize + ", and the next append retries", refused);
        }
        hook.beforeWrite(IndexLayout.CHECKPOINT);
        AtomicFiles.replace(index.resolve(IndexLayout.CHECKPOINT), note);
        written.add(IndexLayout.CHECKPOINT);
        state.clearUnpublished();
        return note;
    }

    /**
     * Removes the temp files a writer killed during {@code batch} left (between writing a temp file and renaming or
     * unlinking it). Public files are written only while a journal exists, so the journal names every file that can
     * have one: O(k + log n) deletions, no directory listing. Under the lock no other write of these names runs.
     */
    private void sweepLeftovers(PendingBatch batch) throws IOException {
        for (String path : batch.publicPaths()) {
            AtomicFiles.deleteLeftoverTemp(index.resolve(path));
        }
    }

    /** One sync of the index's file system ({@code sync -f}); where that is unavailable, an fsync of every file. */
    private void syncBatch(List<String> written) throws IOException {
        try {
            Process p = new ProcessBuilder("sync", "-f", index.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) {
                return;
            }
        } catch (IOException | InterruptedException unavailable) {
            if (unavailable instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        List<FileWrite> syncs = new ArrayList<>();
        for (String path : written) {
            syncs.add(new FileWrite(path, AtomicFiles::fsync));
        }
        writeAll(syncs, new ArrayList<>());
    }

    /** One file of a step: its index-relative path and how to write it. */
    private record FileWrite(String path, PathWriter writer) {}

    @FunctionalInterface
    private interface PathWriter {
        void write(Path target) throws IOException;
    }

    /** Writes the independent files of one step, on {@link #writeThreads} threads; returns when all are written. */
    private void writeAll(List<FileWrite> files, List<String> written) throws IOException {
        if (writeThreads == 1 || files.size() < 2) {
            for (FileWrite f : files) {
                hook.beforeWrite(f.path());
                f.writer().write(index.resolve(f.path()));
                written.add(f.path());
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(writeThreads, files.size()));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (FileWrite f : files) {
                done.add(pool.submit(() -> {
                    hook.beforeWrite(f.path());
                    f.writer().write(index.resolve(f.path()));
                    return null;
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + files.size() + " files", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        files.forEach(f -> written.add(f.path()));
    }

    private void createImmutable(String relative, byte[] bytes, List<String> written) throws IOException {
        hook.beforeWrite(relative);
        AtomicFiles.createImmutable(index.resolve(relative), bytes, fsyncEachFile);
        written.add(relative);
    }

    /**
     * Verifies the published index from {@code fromNote} (the checkpoint before this call) to {@code writtenNote}
     * through the verifier's read side, reading O(k + log n) files.
     *
     * @throws AppendVerificationException when anything fails; the new checkpoint is already published then
     */
    private Report verifyPublished(byte[] fromNote, byte[] writtenNote, boolean entries, List<PublicKey> batchKeys)
            throws IOException, AppendException, NoteException {
        LinkedHashSet<PublicKey> keys = new LinkedHashSet<>(manifestKeys);
        keys.addAll(batchKeys);
        Trust trust = new Trust(List.of(key.verifierKey()), List.copyOf(keys), trustedRoot);
        CountingSource source = new CountingSource(sources.open(index));
        ReportBuilder report = new ReportBuilder("append", source.describe(""));
        SignedCheckpoint from = SignedCheckpoint.open(fromNote, trust.logKeys(), "the checkpoint before this append");
        SignedCheckpoint current = new AppendVerifier(trust, VERIFY_THREADS).verify(source, from, entries, report);
        if (current != null && !Arrays.equals(current.note(), writtenNote)) {
            report.failed("checkpoint-signature", current.source() + ": is not the checkpoint this append signed");
        }
        Report r = report.build(source.files(), source.bytes());
        if (!r.verified()) {
            throw new AppendVerificationException(r, from.size(), open(writtenNote).size(),
                    index.resolve(IndexLayout.CHECKPOINT));
        }
        return r;
    }

    /** The published checkpoint as it is now (read through the source, so tests count it like every other read). */
    private byte[] readCheckpointBytes(IndexSource source) throws IOException, AppendException {
        Path cp = index.resolve(IndexLayout.CHECKPOINT);
        try {
            return source.read(IndexLayout.CHECKPOINT);
        } catch (NoSuchFileException e) {
            throw new AppendException(cp + ": no checkpoint; create the index first (init)");
        }
    }

    private Checkpoint open(byte[] note) throws NoteException, AppendException {
        Checkpoint cp = Checkpoint.openSigned(note, List.of(key.verifierKey()), index.resolve(IndexLayout.CHECKPOINT).toString());
        if (!cp.origin().equals(key.name())) {
            throw new AppendException(index.resolve(IndexLayout.CHECKPOINT) + ": origin \"" + cp.origin()
                    + "\" is not the signing key's name \"" + key.name() + "\"");
        }
        return cp;
    }

    private byte[] sign(Checkpoint cp) throws IOException {
        try {
            return NoteSigner.sign(cp.format(), key);
        } catch (NoteException e) {
            throw new IOException("cannot sign checkpoint: " + e.getMessage(), e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
