package dev.stagelight.verifier.check;

import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.source.IndexSource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks each entry's manifest and signature on worker threads while the main pass streams on. At most
 * {@code 64 * threads} checks wait at once, so memory stays bounded; signature verification, the costliest step,
 * uses every core.
 */
final class ManifestChecks implements AutoCloseable {
    private final IndexSource source;
    private final TrustedSigners signers;
    private final ReportBuilder report;
    private final ExecutorService workers;
    private final Semaphore slots;
    private final int maxInFlight;
    private final AtomicReference<IOException> readError = new AtomicReference<>();
    private final AtomicLong manifests = new AtomicLong();
    private final AtomicLong dsse = new AtomicLong();
    private final AtomicLong sigstore = new AtomicLong();
    private final SigstoreCheck sigstoreCheck;
    private long submitted;

    ManifestChecks(IndexSource source, Trust trust, ReportBuilder report, int threads) {
        this.source = source;
        this.signers = new TrustedSigners(trust.signerKeys());
        this.report = report;
        this.maxInFlight = 64 * threads;
        this.slots = new Semaphore(maxInFlight);
        this.sigstoreCheck = new SigstoreCheck(trust);
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "manifest-check");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues the checks of one entry; blocks while the queue is full. */
    void submit(Entry entry, String entrySource) throws IOException {
        rethrowReadError();
        submitted++;
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while checking manifests");
        }
        workers.execute(() -> {
            try {
                check(entry, entrySource);
            } catch (CheckFailure f) {
                report.failed(f.check(), f.getMessage());
            } catch (NoSuchFileException e) {
                report.failed("manifest-present", e.getFile() + ": missing; " + entrySource
                        + " /manifest_sha256 refers to it");
            } catch (IOException e) {
                readError.compareAndSet(null, e);
            } catch (RuntimeException e) {
                report.failed("manifest-signature", entrySource + ": " + e);
            } finally {
                slots.release();
            }
        });
    }

    /** Waits for every queued check; rethrows the first read error (not a missing file) a worker met. */
    void finish() throws IOException {
        try {
            slots.acquire(maxInFlight);
            slots.release(maxInFlight);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while checking manifests");
        }
        rethrowReadError();
    }

    void summarise() {
        if (submitted == 0) {
            return;
        }
        report.okUnlessFailed("manifest-present", manifests.get() + " manifests present");
        report.okUnlessFailed("manifest-digest", "every manifest has the SHA-256 its entry claims");
        report.okUnlessFailed("manifest-format", "every manifest is an in-toto Statement v1");
        report.okUnlessFailed("manifest-signature", dsse.get() + " DSSE signatures by trusted keys, "
                + sigstore.get() + " Sigstore bundles verified offline");
        report.okUnlessFailed("entry-signature", "every entry's signature is its envelope's signature");
        if (sigstore.get() > 0) {
            report.okUnlessFailed("entry-rekor", "every Sigstore entry's rekor log index and uuid match its bundle");
        }
    }

    private void check(Entry entry, String entrySource) throws IOException, CheckFailure {
        String manifestPath = entry.manifestPath();
        String manifestSource = source.describe(manifestPath);
        byte[] manifest = source.read(manifestPath);
        manifests.incrementAndGet();
        ManifestSignatures.checkDigest(entry, manifest, manifestSource, entrySource);
        ManifestSignatures.checkStatement(manifest, manifestSource);
        if (entry.signature() != null) {
            String envelopePath = IndexLayout.dsseEnvelope(entry.manifestSha256());
            ManifestSignatures.checkDsse(entry, manifest, source.read(envelopePath), source.describe(envelopePath),
                    entrySource, signers);
            dsse.incrementAndGet();
        } else {
            String bundlePath = entry.sigstoreBundlePath();
            sigstoreCheck.check(entry, manifest, source.read(bundlePath), source.describe(bundlePath), entrySource);
            sigstore.incrementAndGet();
        }
    }

    private void rethrowReadError() throws IOException {
        IOException e = readError.get();
        if (e != null) {
            throw e;
        }
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
