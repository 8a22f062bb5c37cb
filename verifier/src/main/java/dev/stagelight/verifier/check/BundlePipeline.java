package dev.stagelight.verifier.check;

import dev.stagelight.verifier.dsse.Envelope;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.keys.Ed25519Batch;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.source.IndexSource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The per-entry checks of a full audit, one entry bundle (256 entries) per task on worker threads, while the main
 * pass reads the next bundles and recomputes the tree: format, seq and {@code prev} chain of each entry, its
 * manifest, digest, Statement, DSSE envelope, and the envelope's Ed25519 signatures verified together
 * ({@link Ed25519Batch}, a bad one still named exactly). A bounded window of bundles is in flight (memory stays a
 * few MB), and results are applied in bundle order, so the report lists failures in entry order whatever the
 * threads did, and the first bad entry comes first.
 */
final class BundlePipeline implements AutoCloseable {
    private final IndexSource source;
    private final TrustedSigners signers;
    private final SigstoreCheck sigstoreCheck;
    private final ReportBuilder report;
    private final DigestShardCheck shards;
    private final ExecutorService workers;
    private final ThreadLocal<Ed25519Batch> batches = ThreadLocal.withInitial(Ed25519Batch::new);
    private final ArrayDeque<Future<BundleResult>> inFlight = new ArrayDeque<>();
    private final int window;
    private long manifests;
    private long dsse;
    private long sigstore;
    private long parsed;

    BundlePipeline(IndexSource source, Trust trust, ReportBuilder report, DigestShardCheck shards, int threads) {
        this.source = source;
        this.signers = new TrustedSigners(trust.signerKeys());
        this.sigstoreCheck = new SigstoreCheck(trust);
        this.report = report;
        this.shards = shards;
        this.window = 2 * threads + 2;
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bundle-check");
            t.setDaemon(true);
            return t;
        });
    }

    /** One failed check of one entry, kept until its bundle's turn. */
    private record Failure(String check, String message) {}

    /** What the checks of one bundle found, per entry in order. */
    private record BundleResult(long firstSeq, List<List<Failure>> failures, String[] digests, int manifests,
            int dsse, int sigstore) {}

    /**
     * Queues the checks of one entry bundle; blocks while the window is full, applying the oldest result first.
     *
     * @param leafHashes the Merkle leaf hash of each entry (the main pass computed them for the tree)
     * @param prevLeaf the leaf hash of the entry before the bundle, null for the first bundle
     */
    void submit(long firstSeq, String bundlePath, List<byte[]> leaves, byte[][] leafHashes, byte[] prevLeaf)
            throws IOException {
        inFlight.add(workers.submit(() -> check(firstSeq, bundlePath, leaves, leafHashes, prevLeaf)));
        while (inFlight.size() > window) {
            apply(inFlight.poll());
        }
    }

    /** Applies every outstanding result; rethrows the first read error (not a missing file) a worker met. */
    void finish() throws IOException {
        while (!inFlight.isEmpty()) {
            apply(inFlight.poll());
        }
    }

    /** Entries that parsed (their seq, chain and manifest were checked). */
    long parsed() {
        return parsed;
    }

    void summarise() {
        if (parsed == 0) {
            return;
        }
        report.okUnlessFailed("manifest-present", manifests + " manifests present");
        report.okUnlessFailed("manifest-digest", "every manifest has the SHA-256 its entry claims");
        report.okUnlessFailed("manifest-format", "every manifest is an in-toto Statement v1");
        report.okUnlessFailed("manifest-signature", dsse + " DSSE signatures by trusted keys, " + sigstore
                + " Sigstore bundles verified offline");
        report.okUnlessFailed("entry-signature", "every entry's signature is its envelope's signature");
        if (sigstore > 0) {
            report.okUnlessFailed("entry-rekor", "every Sigstore entry's rekor log index and uuid match its bundle");
        }
    }

    private void apply(Future<BundleResult> next) throws IOException {
        BundleResult r;
        try {
            r = next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while checking entries");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IllegalStateException("entry check failed: " + e.getCause(), e.getCause());
        }
        for (int i = 0; i < r.failures().size(); i++) {
            for (Failure f : r.failures().get(i)) {
                report.failed(f.check(), f.message());
            }
            if (r.digests()[i] != null) {
                shards.add(r.firstSeq() + i, r.digests()[i]);
                parsed++;
            }
        }
        manifests += r.manifests();
        dsse += r.dsse();
        sigstore += r.sigstore();
    }

    /** An entry whose DSSE signatures wait for the bundle's batch. */
    private record Pending(int index, Entry entry, Envelope envelope, String envelopeSource, String entrySource,
            TrustedSigners.Queued queued) {}

    // The loops call a method per entry rather than hold its checks: the JIT compiles that method once, where a loop
    // body this large would be compiled again for each hot loop entry (on-stack replacement).
    private BundleResult check(long firstSeq, String bundlePath, List<byte[]> leaves, byte[][] leafHashes,
            byte[] prevLeaf) {
        int n = leaves.size();
        List<List<Failure>> failures = new ArrayList<>(n);
        String[] digests = new String[n];
        Counts counts = new Counts();
        Ed25519Batch batch = batches.get();
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Failure> mine = new ArrayList<>(0);
            failures.add(mine);
            digests[i] = checkOne(firstSeq + i, bundlePath + "#" + i, leaves.get(i),
                    i == 0 ? prevLeaf : leafHashes[i - 1], i, mine, counts, batch, pending);
        }
        boolean[] valid = batch.verify();
        for (Pending p : pending) {
            try {
                TrustedSigners.checkQueued(p.queued(), valid, p.envelopeSource());
                ManifestSignatures.checkEntrySignature(p.entry(), p.envelope(), p.envelopeSource(), p.entrySource());
                counts.dsse++;
            } catch (CheckFailure f) {
                failures.get(p.index()).add(new Failure(f.check(), f.getMessage()));
            }
        }
        return new BundleResult(firstSeq, failures, digests, counts.manifests, counts.dsse, counts.sigstore);
    }

    /** Entry {@code index} of its bundle and its manifest; returns its manifest digest, null when it did not parse. */
    private String checkOne(long seq, String where, byte[] leaf, byte[] prevLeaf, int index, List<Failure> mine,
            Counts counts, Ed25519Batch batch, List<Pending> pending) {
        Entry entry = IndexVerifier.checkEntry(leaf, seq, prevLeaf, where, source,
                (check, message) -> mine.add(new Failure(check, message)));
        if (entry == null) {
            return null;
        }
        String entrySource = source.describe(where);
        try {
            String manifestPath = entry.manifestPath();
            byte[] manifest = source.read(manifestPath);
            counts.manifests++;
            String manifestSource = source.describe(manifestPath);
            ManifestSignatures.checkDigest(entry, manifest, manifestSource, entrySource);
            ManifestSignatures.checkStatement(manifest, manifestSource);
            if (entry.signature() != null) {
                String envelopePath = IndexLayout.dsseEnvelope(entry.manifestSha256());
                String envelopeSource = source.describe(envelopePath);
                Envelope envelope = ManifestSignatures.checkEnvelope(entry, manifest, source.read(envelopePath),
                        envelopeSource, signers);
                TrustedSigners.Queued queued = signers.queue(envelope, batch);
                if (queued != null) {
                    pending.add(new Pending(index, entry, envelope, envelopeSource, entrySource, queued));
                    return entry.manifestSha256();
                }
                signers.verify(envelope, envelopeSource);
                ManifestSignatures.checkEntrySignature(entry, envelope, envelopeSource, entrySource);
                counts.dsse++;
            } else {
                String bundle = entry.sigstoreBundlePath();
                sigstoreCheck.check(entry, manifest, source.read(bundle), source.describe(bundle), entrySource);
                counts.sigstore++;
            }
        } catch (CheckFailure f) {
            mine.add(new Failure(f.check(), f.getMessage()));
        } catch (NoSuchFileException e) {
            mine.add(new Failure("manifest-present", e.getFile() + ": missing; " + entrySource
                    + " /manifest_sha256 refers to it"));
        } catch (IOException e) {
            batch.verify(); // leave the thread's batch empty for its next bundle
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            mine.add(new Failure("manifest-signature", entrySource + ": " + e));
        }
        return entry.manifestSha256();
    }

    /** What one bundle's entries led to: manifests read, DSSE and Sigstore signatures checked. */
    private static final class Counts {
        int manifests;
        int dsse;
        int sigstore;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
